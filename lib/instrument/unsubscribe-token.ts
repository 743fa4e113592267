// Unsubscribe tokens reuse the signed token format of open tokens, but under a key derived for
// this purpose only, so a pixel token can never be replayed as an unsubscribe and vice versa.
import { createHmac } from 'node:crypto';
import { getSecrets } from '../secrets';
import { signToken, verifyToken } from '../tracking/token';

function unsubscribeKey(): string {
  const secret = getSecrets().tokenSecret;
  return createHmac('sha256', secret).update('verity:unsubscribe').digest('base64url');
}

export function signUnsubscribeToken(accountId: string, messageId: string): string {
  return signToken(unsubscribeKey(), { kind: 'open', accountId, messageId });
}

/** The account and message of a genuine unsubscribe token, or null. */
export function verifyUnsubscribeToken(
  token: string,
): { accountId: string; messageId: string } | null {
  const claims = verifyToken(unsubscribeKey(), token, 'open');
  return claims ? { accountId: claims.accountId, messageId: claims.messageId } : null;
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/u/${token}`;
}

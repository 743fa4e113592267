// A recipient's reference when Verity is given the address itself (CLI, API, CSV sends): a
// keyed hash, so the Message table holds no address and the same person maps to the same
// reference within one account (for unsubscribes) but not across accounts.
import { createHmac } from 'node:crypto';
import { getSecrets } from '../secrets';

export function recipientRefForAddress(accountId: string, address: string): string {
  const key = createHmac('sha256', getSecrets().tokenSecret).update('verity:recipient').digest();
  const digest = createHmac('sha256', key)
    .update(`${accountId}\n${address.trim().toLowerCase()}`)
    .digest('base64url');
  return `h:${digest.slice(0, 32)}`;
}

// Tracking tokens: opaque, signed, and free of personal data. A token names the account, the
// message and (for clicks) the registered link by id; an HMAC over those bytes stops anyone
// forging one or editing it to point at another message, link or account.
//
// Layout before base64url: version (1) | kind (1) | account (16) | message (16) |
// link (16, clicks only) | mac (16). An open token is 67 characters, a click token 88,
// however long the destination.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'open' | 'click';

export interface TokenClaims {
  kind: TokenKind;
  accountId: string;
  messageId: string;
  /** Present on click tokens only. */
  linkId?: string;
}

const VERSION = 1;
const KIND_BYTE: Record<TokenKind, number> = { open: 1, click: 2 };
const UUID_BYTES = 16;
const MAC_BYTES = 16;
const OPEN_BYTES = 2 + 2 * UUID_BYTES + MAC_BYTES;
const CLICK_BYTES = OPEN_BYTES + UUID_BYTES;

/** Longest token text; anything longer is refused before any decoding work. */
export const MAX_TOKEN_LENGTH = Math.ceil((CLICK_BYTES * 4) / 3);

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

function uuidToBytes(id: string): Buffer {
  if (!UUID_PATTERN.test(id)) throw new Error('token ids must be UUIDs');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  const parts = [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ];
  return parts.join('-');
}

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);
}

export function signToken(secret: string, claims: TokenClaims): string {
  const parts = [
    Buffer.from([VERSION, KIND_BYTE[claims.kind]]),
    uuidToBytes(claims.accountId),
    uuidToBytes(claims.messageId),
  ];

  if (claims.kind === 'click') {
    if (!claims.linkId) throw new Error('a click token needs a link id');
    parts.push(uuidToBytes(claims.linkId));
  }

  const body = Buffer.concat(parts);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/**
 * The claims of a genuine token of the expected kind, or null for anything else: wrong length,
 * bad characters, unknown version, other kind, or a signature that does not match.
 */
export function verifyToken(secret: string, token: string, kind: TokenKind): TokenClaims | null {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_PATTERN.test(token)) return null;

  const bytes = Buffer.from(token, 'base64url');
  const expectedLength = kind === 'click' ? CLICK_BYTES : OPEN_BYTES;
  if (bytes.length !== expectedLength) return null;
  if (bytes[0] !== VERSION || bytes[1] !== KIND_BYTE[kind]) return null;

  const body = bytes.subarray(0, expectedLength - MAC_BYTES);
  const given = bytes.subarray(expectedLength - MAC_BYTES);
  if (!timingSafeEqual(given, mac(secret, body))) return null;

  // Re-encoding must give the same text: rejects non-canonical base64 spellings of one token.
  if (bytes.toString('base64url') !== token) return null;

  const claims: TokenClaims = {
    kind,
    accountId: bytesToUuid(body.subarray(2, 18)),
    messageId: bytesToUuid(body.subarray(18, 34)),
  };
  if (kind === 'click') claims.linkId = bytesToUuid(body.subarray(34, 50));
  return claims;
}

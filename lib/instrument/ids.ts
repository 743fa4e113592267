// Ids made before the row exists: a message's id must be known before its body is rewritten,
// because its unsubscribe link (a merge field) names it. UUIDv7, like the database default, so
// ids stay in time order.
import { randomBytes } from 'node:crypto';

export function createUuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);

  const hex = bytes.toString('hex');
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `${groups.join('-')}-${hex.slice(20)}`;
}

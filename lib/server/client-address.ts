// The client address of a request. Only the socket is trustworthy; X-Forwarded-For is believed
// only when the socket peer is a configured trusted proxy, and then only up to the first hop
// (from the right) that is not itself trusted: everything left of it was written by the client.
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** True when the (normalised) address belongs to a trusted proxy. */
  has(address: string): boolean;
  readonly empty: boolean;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** Canonical text of an address: IPv4-mapped IPv6 becomes IPv4, zone ids and brackets go. */
export function normaliseAddress(raw: string): string | null {
  let text = raw.trim();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return null;
    text = text.slice(1, end);
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) {
    // "1.2.3.4:5678": some proxies append the client port.
    text = text.slice(0, text.lastIndexOf(':'));
  }

  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);

  const mapped = MAPPED_V4.exec(text);
  if (mapped) text = mapped[1];

  const family = isIP(text);
  if (family === 4) return text;
  if (family === 6) return text.toLowerCase();
  return null;
}

/** Parses "10.0.0.1, 10.1.0.0/16, ::1, fd00::/8". Throws naming the first bad entry. */
export function parseTrustedProxies(list: string): TrustedProxies {
  const blocks = new BlockList();
  let count = 0;

  for (const rawEntry of list.split(',')) {
    const entry = rawEntry.trim();
    if (!entry) continue;

    const [addressText, prefixText] = entry.split('/');
    const address = normaliseAddress(addressText);
    if (!address) throw new Error(`VERITY_TRUSTED_PROXIES: "${entry}" is not an address or CIDR`);

    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      blocks.addAddress(address, type);
    } else {
      const prefix = Number(prefixText);
      const max = type === 'ipv4' ? 32 : 128;
      if (!/^\d+$/.test(prefixText) || prefix > max) {
        throw new Error(`VERITY_TRUSTED_PROXIES: "${entry}" has a bad prefix length`);
      }
      blocks.addSubnet(address, prefix, type);
    }
    count += 1;
  }

  // Answers are remembered: a BlockList check costs microseconds, and the same few proxy
  // addresses ask on every request. Bounded; emptied when full.
  const known = new Map<string, boolean>();
  return {
    empty: count === 0,
    has(address: string) {
      if (count === 0) return false;
      let trusted = known.get(address);
      if (trusted === undefined) {
        trusted = blocks.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
        if (known.size >= 10_000) known.clear();
        known.set(address, trusted);
      }
      return trusted;
    },
  };
}

/**
 * The address to record for a request whose socket peer is `peer`.
 * With a trusted peer, walks X-Forwarded-For from the right and takes the first entry that is
 * not a trusted proxy; a malformed entry stops the walk at the last good hop.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  const socketAddress = normaliseAddress(peer ?? '') ?? '0.0.0.0';
  if (trusted.empty || !forwardedFor || !trusted.has(socketAddress)) return socketAddress;

  const joined = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  // A header longer than this is garbage or an attack; believe only the socket.
  if (joined.length > 2048) return socketAddress;

  const hops = joined.split(',');
  let resolved = socketAddress;

  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normaliseAddress(hops[i]);
    if (!hop) return resolved;
    resolved = hop;
    if (!trusted.has(hop)) return hop;
  }
  return resolved;
}

// Address parsing without BigInt: IPv4 as one unsigned number, IPv6 as four 32-bit words.
// Kept allocation-light because every tracked request goes through it.

export type ParsedIp = { version: 4; value: number } | { version: 6; words: Uint32Array };

export interface ParsedCidr {
  version: 4 | 6;
  /** IPv4: [start, end] as numbers. IPv6: start and end as four words each. */
  start4: number;
  end4: number;
  start6: Uint32Array | null;
  end6: Uint32Array | null;
}

/** Dotted quad to an unsigned 32-bit number, or -1 when it is not one. */
export function parseIpv4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (code < 48 || code > 57 || digits === 3) return -1;
    octet = octet * 10 + (code - 48);
    digits++;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return value * 256 + octet;
}

function parseHexGroup(text: string): number {
  if (text.length === 0 || text.length > 4) return -1;
  const value = Number.parseInt(text, 16);
  if (Number.isNaN(value) || !/^[0-9a-f]+$/i.test(text)) return -1;
  return value;
}

function groupsOf(part: string): string[] {
  return part === '' ? [] : part.split(':');
}

/** IPv6 text (with "::", an embedded IPv4 tail or a zone id) to 8 groups, or null. */
function parseIpv6Groups(raw: string): number[] | null {
  const text = raw.includes('%') ? raw.slice(0, raw.indexOf('%')) : raw;
  const halves = text.split('::');
  if (halves.length > 2) return null;

  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  const last = halves.length === 2 ? tail : head;
  const numbers: number[] = [];
  const tailNumbers: number[] = [];

  const lastGroup = last[last.length - 1];
  if (lastGroup !== undefined && lastGroup.includes('.')) {
    const v4 = parseIpv4(lastGroup);
    if (v4 < 0) return null;
    last.splice(
      last.length - 1,
      1,
      ((v4 >>> 16) & 0xffff).toString(16),
      (v4 & 0xffff).toString(16),
    );
  }
  for (const g of head) numbers.push(parseHexGroup(g));
  for (const g of tail) tailNumbers.push(parseHexGroup(g));
  if (numbers.includes(-1) || tailNumbers.includes(-1)) return null;

  if (halves.length === 1) return numbers.length === 8 ? numbers : null;
  const missing = 8 - numbers.length - tailNumbers.length;
  if (missing < 1) return null;
  return [...numbers, ...new Array<number>(missing).fill(0), ...tailNumbers];
}

/**
 * Plain IPv6 (hex groups, at most one "::", no IPv4 tail, no zone) straight into four words, or
 * null when the text needs the general parser. This is the hot path for every IPv6 client.
 */
const scratchGroups = new Uint16Array(8);

export function parseIpv6Fast(text: string, words: Uint32Array): boolean {
  const groups = scratchGroups;
  let count = 0;
  let gap = -1;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i === text.length ? 58 : text.charCodeAt(i);
    if (code === 58) {
      const atEnd = i === text.length;
      if (digits > 0) {
        if (count === 8) return false;
        groups[count++] = value;
        value = 0;
        digits = 0;
      } else if (i !== 0 || atEnd) {
        return false; // an empty group that is not part of a "::"
      }
      if (atEnd) break;
      if (text.charCodeAt(i + 1) === 58) {
        if (gap >= 0) return false;
        gap = count;
        i++;
        if (i + 1 === text.length) break;
      } else if (i === 0) {
        return false;
      }
      continue;
    }
    const nibble =
      code >= 48 && code <= 57
        ? code - 48
        : code >= 97 && code <= 102
          ? code - 87
          : code >= 65 && code <= 70
            ? code - 55
            : -1;
    if (nibble < 0 || digits === 4) return false;
    value = value * 16 + nibble;
    digits++;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const tail = gap < 0 ? 0 : count - gap;
  // Move the groups after "::" to the end, zero-filling the gap (from the right, in place).
  for (let k = 7; k >= 8 - tail; k--) groups[k] = groups[count - (8 - k)];
  for (let k = count - tail; k < 8 - tail; k++) groups[k] = 0;
  for (let k = 0; k < 4; k++) words[k] = ((groups[2 * k] << 16) | groups[2 * k + 1]) >>> 0;
  return true;
}

export function parseIp(text: string): ParsedIp | null {
  if (!text.includes(':')) {
    const value = parseIpv4(text);
    return value < 0 ? null : { version: 4, value };
  }
  const words = new Uint32Array(4);
  const fast = !text.includes('.') && !text.includes('%') && parseIpv6Fast(text, words);
  const groups = fast ? null : parseIpv6Groups(text.toLowerCase());
  if (!fast && !groups) return null;
  if (groups) {
    for (let i = 0; i < 4; i++) words[i] = ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0;
  }

  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client behind a dual-stack socket.
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) {
    return { version: 4, value: words[3] };
  }
  return { version: 6, words };
}

function maskWords(words: Uint32Array, prefixLength: number, fill: boolean): Uint32Array {
  const out = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, prefixLength - i * 32));
    const keep = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    out[i] = fill ? ((words[i] & keep) | (~keep >>> 0)) >>> 0 : (words[i] & keep) >>> 0;
  }
  return out;
}

/** "a.b.c.d/n" or "x::/n" (a bare address counts as a single-address range), or null. */
export function parseCidr(text: string): ParsedCidr | null {
  const [address, lengthText, extra] = text.trim().split('/');
  if (extra !== undefined || !address) return null;
  const ip = parseIp(address);
  if (!ip) return null;

  const max = ip.version === 4 && !address.includes(':') ? 32 : 128;
  const length = lengthText === undefined ? max : Number(lengthText);
  if (!/^\d+$/.test(lengthText ?? String(max)) || length > max) return null;

  if (ip.version === 4 && max === 32) {
    const size = 2 ** (32 - length);
    const start = ip.value - (ip.value % size);
    return { version: 4, start4: start, end4: start + size - 1, start6: null, end6: null };
  }
  if (ip.version === 4) return null; // mapped IPv4 written as a v6 prefix: not in any list
  return {
    version: 6,
    start4: 0,
    end4: 0,
    start6: maskWords(ip.words, length, false),
    end6: maskWords(ip.words, length, true),
  };
}

const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));
const hexCache: string[] = [];

/** Hex text of a 16-bit group, memoised (the prefix is built for every tracked request). */
function hex16(group: number): string {
  let text = hexCache[group];
  if (text === undefined) {
    text = group.toString(16);
    hexCache[group] = text;
  }
  return text;
}

/** The /24 (IPv4) or /48 (IPv6) an address belongs to: the network facts kept after erasure. */
export function formatPrefix(ip: ParsedIp): string {
  return ip.version === 4 ? formatPrefix4(ip.value) : formatPrefix6(ip.words);
}

export function formatPrefix4(v: number): string {
  return `${DECIMAL[v >>> 24]}.${DECIMAL[(v >>> 16) & 255]}.${DECIMAL[(v >>> 8) & 255]}.0/24`;
}

export function formatPrefix6(w: Uint32Array): string {
  return `${hex16(w[0] >>> 16)}:${hex16(w[0] & 0xffff)}:${hex16(w[1] >>> 16)}::/48`;
}

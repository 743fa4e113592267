// Pure parsers for the publishers' own download formats, used by scripts/refresh-data.ts to
// rewrite lib/classifier/data. Never used at classification time (BigInt is fine here).

import { parseCidr } from './ip';

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new Error(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

function stringsAt(items: unknown, key: string): string[] {
  if (!Array.isArray(items)) return [];
  return items
    .map((item) =>
      typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : null,
    )
    .filter((v): v is string => typeof v === 'string');
}

/** AWS ip-ranges.json: prefixes[].ip_prefix and ipv6_prefixes[].ipv6_prefix. */
export function parseAwsIpRanges(text: string): { v4: string[]; v6: string[] } {
  const json = asRecord(JSON.parse(text), 'aws ip-ranges');
  return {
    v4: stringsAt(json.prefixes, 'ip_prefix'),
    v6: stringsAt(json.ipv6_prefixes, 'ipv6_prefix'),
  };
}

/** Google's cloud.json and fetcher lists: prefixes[].ipv4Prefix / ipv6Prefix. */
export function parseGooglePrefixes(text: string): { v4: string[]; v6: string[] } {
  const json = asRecord(JSON.parse(text), 'google prefixes');
  return { v4: stringsAt(json.prefixes, 'ipv4Prefix'), v6: stringsAt(json.prefixes, 'ipv6Prefix') };
}

/** Oracle public_ip_ranges.json: regions[].cidrs[].cidr (IPv4 only). */
export function parseOracleRanges(text: string): { v4: string[]; v6: string[] } {
  const json = asRecord(JSON.parse(text), 'oracle ranges');
  const regions = Array.isArray(json.regions) ? json.regions : [];
  const cidrs = regions.flatMap((r) => stringsAt(asRecord(r, 'oracle region').cidrs, 'cidr'));
  return splitFamilies(cidrs);
}

/** RFC 8805 geofeed CSV (DigitalOcean, Linode, Vultr): first column, "#" comments skipped. */
export function parseGeofeed(text: string): { v4: string[]; v6: string[] } {
  const cidrs = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',')[0].trim());
  return splitFamilies(cidrs);
}

/** Apple's egress-ip-ranges.csv (cidr,country,region,city,...): the CIDRs of both families. */
export function parseAppleEgress(text: string): { v4: string[]; v6: string[] } {
  return parseGeofeed(text);
}

export function splitFamilies(cidrs: string[]): { v4: string[]; v6: string[] } {
  const valid = cidrs.filter((c) => parseCidr(c) !== null);
  return { v4: valid.filter((c) => !c.includes(':')), v6: valid.filter((c) => c.includes(':')) };
}

/**
 * Special-purpose space that must never be treated as a provider's: documentation ranges (the
 * corpus uses them for ordinary people), private space, and 6to4/Teredo/ORCHID, which embed or
 * stand for arbitrary clients.
 */
const SPECIAL_PURPOSE = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '::/8',
  '2001::/32',
  '2001:2::/48',
  '2001:10::/28',
  '2001:db8::/32',
  '2002::/16',
  'fc00::/7',
  'fe80::/10',
];

function toBig(words: Uint32Array | null): bigint {
  return (words ?? new Uint32Array(4)).reduce((acc, w) => (acc << 32n) | BigInt(w), 0n);
}

/** [start, end] as BigInt for either family (IPv4 in its own 32-bit space). */
function bounds(cidr: string): [bigint, bigint, 4 | 6] | null {
  const c = parseCidr(cidr);
  if (!c) return null;
  return c.version === 4
    ? [BigInt(c.start4), BigInt(c.end4), 4]
    : [toBig(c.start6), toBig(c.end6), 6];
}

/** Drops every CIDR that overlaps special-purpose space. */
export function dropSpecialPurpose(cidrs: string[]): string[] {
  const special = SPECIAL_PURPOSE.map(bounds).filter((b) => b !== null);
  return cidrs.filter((cidr) => {
    const b = bounds(cidr);
    return b !== null && !special.some(([s, e, v]) => v === b[2] && b[0] <= e && s <= b[1]);
  });
}

function formatBig(value: bigint, version: 4 | 6): string {
  if (version === 4)
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, k) =>
    ((value >> BigInt(112 - 16 * k)) & 0xffffn).toString(16),
  );
  return groups
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::')
    .replace(/:{3,}/, '::');
}

/** Merges overlapping and adjacent ranges and writes the result as a minimal list of CIDRs. */
export function mergeCidrs(cidrs: string[]): string[] {
  const out: string[] = [];
  for (const version of [4, 6] as const) {
    const bits = version === 4 ? 32n : 128n;
    const ranges = cidrs
      .map(bounds)
      .filter((b): b is [bigint, bigint, 4 | 6] => b !== null && b[2] === version)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const merged: Array<[bigint, bigint]> = [];
    for (const [s, e] of ranges) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1] + 1n) last[1] = e > last[1] ? e : last[1];
      else merged.push([s, e]);
    }
    for (const [s, e] of merged) {
      let start = s;
      while (start <= e) {
        let size = 0n;
        while (
          size < bits &&
          start % (1n << (size + 1n)) === 0n &&
          start + (1n << (size + 1n)) - 1n <= e
        )
          size++;
        out.push(`${formatBig(start, version)}/${bits - size}`);
        start += 1n << size;
      }
    }
  }
  return out;
}

// The address-list parsers over the shipped files (exact counts), the address parser, and the
// lookup across all lists for IPv4 and IPv6.

import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseAppleEgressCsv,
  parseCidrLines,
  parseGoogleFetchersJson,
  parseProxyScannerCsv,
} from '@/lib/classifier/address-lists';
import { formatPrefix, parseCidr, parseIp } from '@/lib/classifier/ip';
import { lookupNetwork } from '@/lib/classifier';
import { readShippedLists, rejectedListEntries, resolveDataDir } from '@/lib/classifier/network';

const dir = path.resolve('lib/classifier/data');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

function countBy(entries: Array<{ list: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.list] = (counts[e.list] ?? 0) + 1;
  return counts;
}

describe('shipped list parsers', () => {
  it('Apple egress CSV: every prefix, both families', () => {
    const entries = parseAppleEgressCsv(read('apple-egress-ip-ranges.csv'));
    expect(entries).toHaveLength(13_745);
    expect(entries.filter((e) => e.cidr.includes(':'))).toHaveLength(10_455);
    expect(entries[0]).toEqual({ list: 'apple_relay', cidr: '104.28.28.0/26' });
  });

  it('Google user-triggered fetchers JSON', () => {
    const entries = parseGoogleFetchersJson(read('google-user-triggered-fetchers-google.json'));
    expect(entries).toHaveLength(496);
    expect(entries[0]).toEqual({ list: 'google_fetchers', cidr: '2001:4860:4801:4004::/64' });
  });

  it('proxy and scanner CSV: CIDR rows by list, aggregates and ASN rows skipped', () => {
    const entries = parseProxyScannerCsv(read('proxy-scanner-ip-ranges.csv'));
    expect(countBy(entries)).toEqual({
      apple_own: 1,
      google_own: 17,
      microsoft_mail_filter: 7,
      microsoft_exchange: 10,
      yahoo_proxy: 18,
      scanner_proofpoint: 4,
      scanner_mimecast: 37,
      scanner_barracuda: 11,
      scanner_cisco: 6,
      scanner_symantec: 10,
      corporate_proxy: 9,
      crawler: 3,
    });
  });

  it('cloud files: one CIDR per line', () => {
    const lines = (name: string) => parseCidrLines(read(`cloud/${name}`), 'x').length;
    expect(lines('amazon-ipv4.txt')).toBe(7904);
    expect(lines('amazon-ipv6.txt')).toBe(3108);
    expect(lines('microsoft-ipv4.txt')).toBe(35_294);
    expect(lines('microsoft-ipv6.txt')).toBe(12_716);
    expect(lines('vultr-ipv4.txt')).toBe(439);
    expect(lines('vultr-ipv6.txt')).toBe(50);
  });

  it('all shipped lists together, with nothing rejected', () => {
    const entries = readShippedLists(resolveDataDir());
    expect(entries).toHaveLength(13_745 + 496 + 133 + 70_172);
    expect(rejectedListEntries()).toEqual([]);
  });
});

describe('address parsing', () => {
  it.each([
    ['1.2.3.4', 16909060],
    ['255.255.255.255', 4294967295],
    ['::ffff:1.2.3.4', 16909060],
  ])('IPv4 %s', (text, value) => {
    expect(parseIp(text)).toEqual({ version: 4, value });
  });

  it.each(['1.2.3', '1.2.3.256', '01234.1.1.1', '1::2::3', 'x', '', '1.2.3.4.5', '12345::'])(
    'rejects %s',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );

  it.each([
    ['::', true],
    ['::1', true],
    ['1::', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7::', true],
    ['::2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1:2:3:4:5:6:7:8::', false],
    [':1', false],
    ['1:', false],
    ['1:::2', false],
    ['a::b::c', false],
    [':::', false],
    ['g::1', false],
  ])('IPv6 %s valid: %s (same answer as node:net)', (text, valid) => {
    expect(parseIp(text) !== null).toBe(valid);
    expect(isIP(text) !== 0).toBe(valid);
  });

  it('IPv6 with compression, leading zeros, zone and IPv4 tail', () => {
    const a = parseIp('2600:3c12:0a00::1%eth0');
    const b = parseIp('2600:3c12:a00:0:0:0:0:1');
    expect(a).toEqual(b);
    expect(parseIp('64:ff9b::192.0.2.33')).toEqual({
      version: 6,
      words: Uint32Array.from([0x0064ff9b, 0, 0, 0xc0000221]),
    });
  });

  it('CIDR ranges and the kept prefix', () => {
    expect(parseCidr('10.1.2.3/8')).toMatchObject({
      version: 4,
      start4: 167772160,
      end4: 184549375,
    });
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    const v6 = parseCidr('2a01:111:f403::/48');
    expect(Array.from(v6?.start6 ?? [])).toEqual([0x2a010111, 0xf4030000, 0, 0]);
    expect(Array.from(v6?.end6 ?? [])).toEqual([0x2a010111, 0xf403ffff, 0xffffffff, 0xffffffff]);
    const ip = parseIp('2a01:111:f403:0:1553::1');
    expect(ip && formatPrefix(ip)).toBe('2a01:111:f403::/48');
  });
});

describe('lookupNetwork', () => {
  it.each([
    ['172.224.228.37', '172.224.228.0/24', ['apple_relay']],
    ['2a04:4e41:5620:0:a64:d448:8709:8a5e', '2a04:4e41:5620::/48', ['apple_relay']],
    ['66.249.93.84', '66.249.93.0/24', ['google_fetchers', 'google_own']],
    ['40.107.1.1', '40.107.1.0/24', ['microsoft_mail_filter', 'cloud_microsoft']],
    ['2a01:111:f403:0:1553:6fb9:158b:7b37', '2a01:111:f403::/48', ['microsoft_mail_filter']],
    ['35.157.190.244', '35.157.190.0/24', ['scanner_barracuda', 'cloud_amazon']],
    ['170.85.32.97', '170.85.32.0/24', ['corporate_proxy']],
    ['104.28.52.162', '104.28.52.0/24', []],
    ['192.0.2.1', '192.0.2.0/24', []],
    ['2001:db8::1', '2001:db8:0::/48', []],
    ['::ffff:286b:101', '40.107.1.0/24', ['microsoft_mail_filter', 'cloud_microsoft']],
    ['::ffff:40.107.1.1', '40.107.1.0/24', ['microsoft_mail_filter', 'cloud_microsoft']],
    ['2A04:4E41:5620::1%en0', '2a04:4e41:5620::/48', ['apple_relay']],
    ['zz::1', '', []],
    ['not-an-address', '', []],
  ])('%s', (ip, prefix, lists) => {
    expect(lookupNetwork(ip)).toEqual({ prefix, lists });
  });

  it('edges of a range: first and last address in, neighbours out', () => {
    expect(lookupNetwork('40.107.0.0').lists).toContain('microsoft_mail_filter');
    expect(lookupNetwork('40.107.255.255').lists).toContain('microsoft_mail_filter');
    expect(lookupNetwork('40.106.255.255').lists).not.toContain('microsoft_mail_filter');
    expect(lookupNetwork('40.108.0.0').lists).not.toContain('microsoft_mail_filter');
    expect(lookupNetwork('2a01:111:f403:ffff:ffff:ffff:ffff:ffff').lists).toEqual([
      'microsoft_mail_filter',
    ]);
    expect(lookupNetwork('2a01:111:f404::').lists).not.toContain('microsoft_mail_filter');
  });
});

describe('lookup against a linear scan', () => {
  it('agrees on addresses at the edges of and just outside shipped ranges (fixed seed)', () => {
    const entries = readShippedLists(resolveDataDir());
    const ranges = entries.map((e) => ({ list: e.list, cidr: parseCidr(e.cidr) }));
    const v4 = ranges.filter((r) => r.cidr?.version === 4);
    const v6 = ranges.filter((r) => r.cidr?.version === 6);
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647);
    const toV4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
    const toV6 = (w: ArrayLike<number>) =>
      Array.from(w)
        .flatMap((x) => [(x >>> 16).toString(16), (x & 0xffff).toString(16)])
        .join(':');

    for (let i = 0; i < 60; i++) {
      const { cidr } = ranges[next() % ranges.length];
      if (!cidr) continue;
      const probes =
        cidr.version === 4
          ? [cidr.start4, cidr.end4, cidr.start4 - 1, cidr.end4 + 1]
              .filter((n) => n >= 0 && n < 2 ** 32)
              .map(toV4)
          : [toV6(cidr.start6 ?? []), toV6(cidr.end6 ?? [])];
      for (const address of probes) {
        const ip = parseIp(address);
        const expected = new Set<string>();
        for (const r of ip?.version === 4 ? v4 : v6) {
          const c = r.cidr;
          if (!c || !ip) continue;
          const inside =
            ip.version === 4
              ? c.start4 <= ip.value && ip.value <= c.end4
              : compare(c.start6, ip.words) <= 0 && compare(ip.words, c.end6) <= 0;
          if (inside) expected.add(r.list);
        }
        expect(new Set(lookupNetwork(address).lists)).toEqual(expected);
      }
    }
  }, 30_000);
});

function compare(a: Uint32Array | null, b: Uint32Array | null): number {
  for (let i = 0; i < 4; i++) {
    const x = a?.[i] ?? 0;
    const y = b?.[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

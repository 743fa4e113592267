// The parsers scripts/refresh-data.ts applies to fresh downloads, run on the shipped files and on
// small samples of each publisher's documented format. The download itself is never run here.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '@/lib/classifier/ip';
import {
  dropSpecialPurpose,
  mergeCidrs,
  parseAppleEgress,
  parseAwsIpRanges,
  parseGeofeed,
  parseGooglePrefixes,
  parseOracleRanges,
} from '@/lib/classifier/refresh-parsers';

const read = (name: string) => fs.readFileSync(path.resolve('lib/classifier/data', name), 'utf8');

describe('parsers on the shipped files', () => {
  it('Apple egress CSV', () => {
    const { v4, v6 } = parseAppleEgress(read('apple-egress-ip-ranges.csv'));
    expect([v4.length, v6.length]).toEqual([3290, 10_455]);
  });

  it('Google user-triggered fetchers JSON', () => {
    const { v4, v6 } = parseGooglePrefixes(read('google-user-triggered-fetchers-google.json'));
    expect(v4.length + v6.length).toBe(496);
    expect(v6[0]).toBe('2001:4860:4801:4004::/64');
  });

  it('a one-column list read as a geofeed', () => {
    expect(parseGeofeed(read('cloud/vultr-ipv4.txt')).v4).toHaveLength(439);
    expect(parseGeofeed(read('cloud/linode-ipv6.txt')).v6).toHaveLength(96);
  });

  it('merging the Apple list keeps every address and only valid CIDRs', () => {
    const { v4 } = parseAppleEgress(read('apple-egress-ip-ranges.csv'));
    const merged = mergeCidrs(v4);
    expect(merged.length).toBeLessThanOrEqual(v4.length);
    expect(merged.every((c) => parseCidr(c) !== null)).toBe(true);
    const size = (cidrs: string[]) =>
      mergeCidrs(cidrs).reduce((sum, c) => sum + 2 ** (32 - Number(c.split('/')[1])), 0);
    expect(size(merged)).toBe(size(v4));
  });
});

describe('publisher formats', () => {
  it('AWS ip-ranges.json', () => {
    const json = JSON.stringify({
      syncToken: '1',
      prefixes: [{ ip_prefix: '3.5.140.0/22', region: 'ap-northeast-2', service: 'AMAZON' }],
      ipv6_prefixes: [{ ipv6_prefix: '2600:1f14::/35', region: 'us-west-2', service: 'EC2' }],
    });
    expect(parseAwsIpRanges(json)).toEqual({ v4: ['3.5.140.0/22'], v6: ['2600:1f14::/35'] });
  });

  it('Oracle public_ip_ranges.json', () => {
    const json = JSON.stringify({
      regions: [{ region: 'us-phoenix-1', cidrs: [{ cidr: '129.146.0.0/21', tags: ['OCI'] }] }],
    });
    expect(parseOracleRanges(json)).toEqual({ v4: ['129.146.0.0/21'], v6: [] });
  });

  it('geofeed with comments and geo columns', () => {
    const csv =
      '# geofeed\n45.76.0.0/20,US,US-NJ,Piscataway,\n2001:19f0::/38,US,US-NJ,,\nnot,a,row\n';
    expect(parseGeofeed(csv)).toEqual({ v4: ['45.76.0.0/20'], v6: ['2001:19f0::/38'] });
  });
});

describe('mergeCidrs and dropSpecialPurpose', () => {
  it.each([
    [['10.0.0.0/25', '10.0.0.128/25'], ['10.0.0.0/24']],
    [['1.2.3.0/24', '1.2.3.5/32'], ['1.2.3.0/24']],
    [
      ['1.2.3.1/32', '1.2.3.2/32'],
      ['1.2.3.1/32', '1.2.3.2/32'],
    ],
    [['1.2.3.0/32', '1.2.3.1/32', '1.2.3.2/31'], ['1.2.3.0/30']],
    [['2001:4860::/33', '2001:4860:8000::/33'], ['2001:4860::/32']],
    [['2a04:4e41::/48', '2a04:4e41:0:1::/64'], ['2a04:4e41::/48']],
  ])('%j -> %j', (input, expected) => {
    expect(mergeCidrs(input)).toEqual(expected);
  });

  it('drops documentation, private and 6to4 space, keeps the rest', () => {
    expect(
      dropSpecialPurpose([
        '192.0.2.0/24',
        '8.8.8.0/24',
        '2002::/16',
        '2001:db8:1::/48',
        '2600::/32',
        '10.1.0.0/16',
      ]),
    ).toEqual(['8.8.8.0/24', '2600::/32']);
  });
});

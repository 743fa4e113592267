import { describe, expect, it } from 'vitest';
import {
  normaliseAddress,
  parseTrustedProxies,
  resolveClientAddress,
} from '@/lib/server/client-address';

describe('normaliseAddress', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['192.0.2.7:51234', '192.0.2.7'],
    ['fe80::1%eth0', 'fe80::1'],
    [' 198.51.100.2 ', '198.51.100.2'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });

  it.each(['', 'unknown', '999.1.1.1', '1.2.3', '[::1', 'example.com'])(
    '%s is no address',
    (raw) => {
      expect(normaliseAddress(raw)).toBeNull();
    },
  );
});

describe('parseTrustedProxies', () => {
  const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, ::1, fd00::/8');

  it('matches addresses and ranges of both families', () => {
    expect(trusted.has('10.20.30.40')).toBe(true);
    expect(trusted.has('127.0.0.1')).toBe(true);
    expect(trusted.has('::1')).toBe(true);
    expect(trusted.has('fd12:3456::1')).toBe(true);
    expect(trusted.has('11.0.0.1')).toBe(false);
    expect(trusted.has('127.0.0.2')).toBe(false);
    expect(trusted.has('fe80::1')).toBe(false);
  });

  it('is empty for an empty list', () => {
    expect(parseTrustedProxies(' , ').empty).toBe(true);
  });

  it.each(['10.0.0.0/33', 'proxy.local', '::1/129', '10.0.0.0/x'])('refuses %s', (entry) => {
    expect(() => parseTrustedProxies(entry)).toThrow(`"${entry}"`);
  });
});

describe('resolveClientAddress', () => {
  const trusted = parseTrustedProxies('127.0.0.1, ::1, 10.0.0.0/8');

  it('C17: ignores X-Forwarded-For from a peer that is not trusted', () => {
    expect(resolveClientAddress('198.51.100.9', '66.249.93.84', trusted)).toBe('198.51.100.9');
  });

  it('ignores X-Forwarded-For when no proxy is configured', () => {
    const none = parseTrustedProxies('');
    expect(resolveClientAddress('127.0.0.1', '66.249.93.84', none)).toBe('127.0.0.1');
  });

  it('takes the right-most entry that is not a trusted proxy', () => {
    const header = '1.1.1.1, 203.0.113.5, 10.1.1.1';
    expect(resolveClientAddress('127.0.0.1', header, trusted)).toBe('203.0.113.5');
  });

  it('normalises an IPv4-mapped socket peer before the trust check', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.5', trusted)).toBe('203.0.113.5');
  });

  it('handles IPv6 hops and repeated headers', () => {
    expect(resolveClientAddress('::1', ['2001:db8::5', '10.0.0.2'], trusted)).toBe('2001:db8::5');
  });

  it('stops at a malformed hop and keeps the last good one', () => {
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5, garbage, 10.0.0.3', trusted)).toBe(
      '10.0.0.3',
    );
  });

  it('takes the left-most entry when every hop is trusted', () => {
    expect(resolveClientAddress('127.0.0.1', '10.0.0.1, 10.0.0.2', trusted)).toBe('10.0.0.1');
  });

  it('uses the socket when the header is absent or oversized', () => {
    expect(resolveClientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '1.1.1.1,'.repeat(400), trusted)).toBe('127.0.0.1');
  });
});

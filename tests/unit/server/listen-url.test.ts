// The start-up line's URL: IPv6 literals in brackets.
import { describe, expect, it } from 'vitest';
import { listenUrl } from '@/lib/server/listen-url';

describe('listen URL', () => {
  it('brackets IPv6 literals and leaves IPv4 addresses and host names alone', () => {
    expect(
      [
        ['::1', 3601],
        ['::', 3000],
        ['fe80::1', 80],
        ['127.0.0.1', 3000],
        ['0.0.0.0', 3000],
        ['localhost', 3900],
      ].map(([host, port]) => listenUrl(host as string, port as number)),
    ).toEqual([
      'http://[::1]:3601',
      'http://[::]:3000',
      'http://[fe80::1]:80',
      'http://127.0.0.1:3000',
      'http://0.0.0.0:3000',
      'http://localhost:3900',
    ]);
  });
});

// The zod-parsed configuration: PORT and HOST are checked at start-up, and a bad value is one
// line naming the variable.
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/config';

const PORT_PROBLEM = 'PORT: must be a port number from 1 to 65535';
const HOST_PROBLEM =
  'HOST: must be an IP address or a host name, e.g. 127.0.0.1, ::1, 0.0.0.0 or localhost';

describe('configuration', () => {
  it('listens on 127.0.0.1:3000 by default', () => {
    const config = parseEnv({});
    expect([config.PORT, config.HOST]).toEqual([3000, '127.0.0.1']);
  });

  it('takes a port from 1 to 65535', () => {
    expect(['1', '3601', ' 8080 ', '65535'].map((PORT) => parseEnv({ PORT }).PORT)).toEqual([
      1, 3601, 8080, 65535,
    ]);
  });

  it.each(['abc', '', '0', '65536', '99999', '3000.5', '-1', '3e3', '0x50', '80abc'])(
    'refuses PORT=%j naming the variable',
    (PORT) => {
      expect(() => parseEnv({ PORT })).toThrow(new Error(`Invalid environment: ${PORT_PROBLEM}`));
    },
  );

  it('takes IPv4 and IPv6 addresses and host names, IPv6 with or without brackets', () => {
    const hosts = ['0.0.0.0', '::1', '[::1]', '::', 'localhost', 'verity.example.com', ' ::1 '];
    expect(hosts.map((HOST) => parseEnv({ HOST }).HOST)).toEqual([
      '0.0.0.0',
      '::1',
      '::1',
      '::',
      'localhost',
      'verity.example.com',
      '::1',
    ]);
  });

  it.each([
    '',
    'bad_host',
    'http://localhost',
    'localhost:3000',
    '[localhost]',
    '-x.example',
    '1.2.3.4.5.6:7',
  ])('refuses HOST=%j naming the variable', (HOST) => {
    expect(() => parseEnv({ HOST })).toThrow(new Error(`Invalid environment: ${HOST_PROBLEM}`));
  });

  it('names every bad variable on one line', () => {
    expect(() => parseEnv({ PORT: 'abc', HOST: 'bad host', LOG_LEVEL: 'loud' })).toThrow(
      new Error(
        `Invalid environment: ${PORT_PROBLEM}; ${HOST_PROBLEM}; LOG_LEVEL: Invalid option: ` +
          'expected one of "debug"|"info"|"warn"|"error"|"silent"',
      ),
    );
  });
});

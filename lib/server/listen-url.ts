// The URL the start-up line prints for the address the server listens on. An IPv6 literal goes
// in brackets (http://[::1]:3601), as in any URL; a host name or IPv4 address stays as it is.
import { isIPv6 } from 'node:net';

export function listenUrl(host: string, port: number): string {
  return `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

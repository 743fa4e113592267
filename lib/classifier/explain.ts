// Plain-words explanations of a classification, and the mail client behind a user agent.

import UAParser from 'ua-parser-js';
import { isKnownReason, REASONS } from './reasons';
import type { Classification } from './types';
import { userAgentFacts, type OsFamily } from './user-agent';

/** One sentence per reason, using the matching evidence's detail. */
export function explainReasons(c: Pick<Classification, 'reasons' | 'evidence'>): string[] {
  return c.reasons.map((code) => {
    if (!isKnownReason(code)) return code;
    const evidence = c.evidence.find((e) => e.reason === code);
    return REASONS[code].explain(evidence?.detail);
  });
}

export interface ClientDescription {
  client: string;
  os: string;
  device: string;
}

const PROXY_CLIENTS: Array<[RegExp, string]> = [
  [/GoogleImageProxy/i, 'Gmail'],
  [/YahooMailProxy/i, 'Yahoo Mail'],
];

const FAMILY_NAMES: Partial<Record<OsFamily, string>> = { ios: 'iOS', android: 'Android' };

const CLIENT_MEMO_LIMIT = 5000;
const clientMemo = new Map<string, ClientDescription>();

function parseClient(ua: string): ClientDescription {
  const parsed = new UAParser(ua).getResult();
  const family = userAgentFacts(ua).os;
  const os =
    [parsed.os.name, parsed.os.version].filter(Boolean).join(' ') ||
    (FAMILY_NAMES[family] ?? 'Unknown');
  const device =
    parsed.device.type ?? (family === 'ios' || family === 'android' ? 'mobile' : 'desktop');

  const proxy = PROXY_CLIENTS.find(([pattern]) => pattern.test(ua));
  if (proxy) return { client: proxy[1], os: 'Unknown', device: 'unknown' };
  const facts = userAgentFacts(ua);
  if (facts.mailClient) return { client: facts.mailClient, os, device };
  if (facts.appleMailWebKit || facts.bareMozilla) return { client: 'Apple Mail', os, device };
  return { client: parsed.browser.name ?? 'Unknown', os, device };
}

/** Mail client, operating system and device class for the client breakdown (memoised). */
export function describeClient(userAgent: string | null): ClientDescription {
  if (!userAgent) return { client: 'Unknown', os: 'Unknown', device: 'unknown' };
  let description = clientMemo.get(userAgent);
  if (!description) {
    if (clientMemo.size >= CLIENT_MEMO_LIMIT) clientMemo.clear();
    description = parseClient(userAgent);
    clientMemo.set(userAgent, description);
  }
  return description;
}

// Mail client and device names for the breakdown. Raw user agents come from the rollup; each
// distinct agent is parsed once per request (a campaign has hundreds, not millions).
import UAParser from 'ua-parser-js';
import type { AgentRow } from './queries/agent-breakdown';

export interface ClientName {
  client: string;
  device: string;
}

// Mail apps that fetch images without a browser token in their user agent.
const MAIL_APP_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/GoogleImageProxy|ggpht\.com/i, 'Gmail (image proxy)'],
  [/YahooMailProxy/i, 'Yahoo Mail (image proxy)'],
  [/Microsoft Outlook|ms-office|MSOffice/i, 'Outlook'],
  [/Thunderbird/i, 'Thunderbird'],
];

/** A readable client and device for one user agent. */
export function nameClient(userAgent: string): ClientName {
  if (!userAgent) return { client: 'No user agent', device: 'Unknown' };

  const parsed = new UAParser(userAgent).getResult();
  const device = nameDevice(parsed.device.type, parsed.os.name);
  const known = MAIL_APP_PATTERNS.find(([pattern]) => pattern.test(userAgent));
  if (known) return { client: known[1], device };

  // Apple Mail sends WebKit's token without a browser name or version (the parser says "WebKit").
  const bareWebKit = !parsed.browser.name || parsed.browser.name === 'WebKit';
  if (bareWebKit && /AppleWebKit/.test(userAgent) && /Mac OS|iPhone|iPad/.test(userAgent)) {
    return { client: 'Apple Mail', device };
  }
  if (parsed.browser.name) return { client: parsed.browser.name, device };
  return { client: 'Other', device };
}

function nameDevice(type: string | undefined, os: string | undefined): string {
  const form = type === 'mobile' ? 'Phone' : type === 'tablet' ? 'Tablet' : 'Desktop';
  return os ? `${form} (${os})` : form === 'Desktop' ? 'Unknown' : form;
}

export interface ClientBreakdownRow extends ClientName {
  kind: 'open' | 'click';
  human: number;
  automated: number;
}

/** Events per (kind, client, device), human and automated apart; largest first. */
export function summariseClients(rows: readonly AgentRow[]): ClientBreakdownRow[] {
  const names = new Map<string, ClientName>();
  const groups = new Map<string, ClientBreakdownRow>();

  for (const row of rows) {
    let name = names.get(row.userAgent);
    if (!name) {
      name = nameClient(row.userAgent);
      names.set(row.userAgent, name);
    }
    const key = `${row.kind}\u0000${name.client}\u0000${name.device}`;
    const group = groups.get(key) ?? { ...name, kind: row.kind, human: 0, automated: 0 };
    group[row.verdict] += row.events;
    groups.set(key, group);
  }

  return [...groups.values()].sort(
    (a, b) => b.human + b.automated - (a.human + a.automated) || a.client.localeCompare(b.client),
  );
}

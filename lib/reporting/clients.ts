// Mail client and device breakdown. Raw user agents come from the rollup; each distinct agent is
// named once by the classifier's describeClient (a campaign has hundreds, not millions).
import { describeClient } from '@/lib/classifier/explain';
import type { AgentRow } from './queries/agent-breakdown';

export interface ClientName {
  client: string;
  device: string;
}

/** The classifier's client description, folded to the two columns of the breakdown. */
export function nameClient(userAgent: string): ClientName {
  const described = describeClient(userAgent || null);
  const os = described.os === 'Unknown' ? '' : ` (${described.os.split(' ')[0]})`;
  return { client: described.client, device: `${described.device}${os}` };
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

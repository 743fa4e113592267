// Turns audit entries into lines people read: "role: viewer → admin" instead of JSON, people by
// name and email instead of ids, and times in the account's time zone.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  suppressAutomated: 'suppress automated events',
  timeZone: 'time zone',
  addressRetentionDays: 'keep client addresses (days)',
  revokedAt: 'revoked',
  expiresAt: 'expires',
  owner: 'owner',
  invitation: 'invitation',
  prefix: 'key prefix',
};

const FIELD_ORDER = Object.keys(FIELD_LABELS);

/** How a person is shown: "Name <email>", or the email alone when they gave no name. */
export function labelPerson(person: { email: string; name: string }): string {
  return person.name.trim() ? `${person.name.trim()} <${person.email}>` : person.email;
}

/** A moment as "4 Dec 2026, 18:05 CET" in the given IANA time zone. */
export function formatTime(value: Date | string, timeZone: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

export interface FormatContext {
  timeZone: string;
  /** Labels of the people the entries mention, by user id. */
  people: ReadonlyMap<string, string>;
}

function formatValue(value: unknown, fmt: FormatContext): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') {
    if (UUID.test(value)) return fmt.people.get(value) ?? 'someone no longer here';
    if (ISO_TIME.test(value)) return formatTime(value, fmt.timeZone);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * One line per field: "field: old → new" when it changed, "field: value" when it only appears
 * on one side and nothing was removed, "field: old → —" when the thing was removed.
 */
export function describeChanges(before: unknown, after: unknown, fmt: FormatContext): string[] {
  const old = asRecord(before);
  const now = asRecord(after);
  const isEmpty = (value: unknown) => value === null || value === undefined;
  const removed = !isEmpty(before) && isEmpty(after);
  // The database's JSON keeps no key order; fields come in the order of FIELD_LABELS.
  const rank = (key: string) => {
    const index = FIELD_ORDER.indexOf(key);
    return index === -1 ? FIELD_ORDER.length : index;
  };
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])]
    .filter((key) => key !== 'invitation')
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  return keys.map((key) => {
    const label = FIELD_LABELS[key] ?? key;
    if (key in old && key in now) {
      const from = formatValue(old[key], fmt);
      const to = formatValue(now[key], fmt);
      return from === to ? `${label}: ${to}` : `${label}: ${from} → ${to}`;
    }
    if (key in old) return removed ? `${label}: ${formatValue(old[key], fmt)} → —` : label;
    return `${label}: ${formatValue(now[key], fmt)}`;
  });
}

/** What an entry is about, in words: the account, a person, an API key or an invitation. */
export function describeTarget(
  target: string,
  before: unknown,
  after: unknown,
  fmt: FormatContext,
): string {
  const [kind, id] = target.split(':');
  const values = { ...asRecord(before), ...asRecord(after) };
  if (kind === 'user' && id) return fmt.people.get(id) ?? 'someone no longer here';
  if (kind === 'api_key') return `API key "${String(values.name ?? '')}"`;
  if (kind === 'invitation') return `invitation for ${String(values.email ?? 'someone')}`;
  return target === 'account' ? 'account' : target;
}

/** Every user id an entry mentions (its actor, a user target, user ids among its values). */
export function collectUserIds(entry: {
  actorUserId: string | null;
  target: string;
  before: unknown;
  after: unknown;
}): string[] {
  const ids: string[] = [];
  if (entry.actorUserId) ids.push(entry.actorUserId);
  const [kind, id] = entry.target.split(':');
  if (kind === 'user' && id) ids.push(id);
  for (const side of [entry.before, entry.after]) {
    for (const value of Object.values(asRecord(side))) {
      if (typeof value === 'string' && UUID.test(value)) ids.push(value);
    }
  }
  return ids;
}

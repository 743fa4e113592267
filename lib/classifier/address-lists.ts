// Parsers for the shipped address lists. Pure functions over file text, shared by the classifier
// (at first use) and scripts/refresh-data.ts (on freshly downloaded files).

export interface ListEntry {
  /** Name of the list, e.g. "apple_relay", "microsoft_mail_filter", "cloud_amazon". */
  list: string;
  cidr: string;
}

/** Cloud providers shipped under data/cloud as <provider>-ipv4.txt / -ipv6.txt. */
export const CLOUD_PROVIDERS = [
  'amazon',
  'google',
  'microsoft',
  'oracle',
  'digitalocean',
  'linode',
  'vultr',
  'hetzner',
  'ovh',
] as const;

/** Apple's egress CSV (ours: "cidr,ip_version"; Apple's own has region columns after the CIDR). */
export function parseAppleEgressCsv(text: string): ListEntry[] {
  const out: ListEntry[] = [];
  for (const line of text.split('\n')) {
    const cidr = line.split(',')[0]?.trim();
    if (!cidr || cidr === 'cidr' || !cidr.includes('/')) continue;
    out.push({ list: 'apple_relay', cidr });
  }
  return out;
}

/** Google's fetcher JSON: { prefixes: [{ ipv4Prefix } | { ipv6Prefix }] }. */
export function parseGoogleFetchersJson(text: string): ListEntry[] {
  const parsed: unknown = JSON.parse(text);
  const prefixes = (parsed as { prefixes?: unknown }).prefixes;
  if (!Array.isArray(prefixes)) throw new Error('google fetcher list: "prefixes" array missing');
  const out: ListEntry[] = [];
  for (const p of prefixes as Array<Record<string, unknown>>) {
    const cidr = p.ipv4Prefix ?? p.ipv6Prefix;
    if (typeof cidr === 'string') out.push({ list: 'google_fetchers', cidr });
  }
  return out;
}

/** One CIDR per line (the cloud files); blank lines and "#" comments are skipped. */
export function parseCidrLines(text: string, list: string): ListEntry[] {
  const out: ListEntry[] = [];
  for (const line of text.split('\n')) {
    const cidr = line.trim();
    if (cidr && !cidr.startsWith('#')) out.push({ list, cidr });
  }
  return out;
}

/** Splits one CSV line, honouring double-quoted fields. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

const CIDR_SHAPE = /^[0-9a-f.:]+\/\d{1,3}$/i;

/** Which list a row of the proxy/scanner CSV belongs to, from its category and operator. */
function listForRow(category: string, operator: string): string | null {
  const op = operator.toLowerCase();
  if (category === 'mail_filter') return 'microsoft_mail_filter';
  if (category === 'webmail_image_proxy') return 'microsoft_exchange';
  if (category === 'image_proxy' && op.includes('yahoo')) return 'yahoo_proxy';
  if (category === 'google_own') return 'google_own';
  if (category === 'apple_own') return 'apple_own';
  if (category === 'corporate_proxy') return 'corporate_proxy';
  if (category === 'crawler') return 'crawler';
  if (category === 'email_security_gateway') {
    const vendor = /^[a-z]+/.exec(op.replace(/^broadcom\//, ''))?.[0] ?? 'unknown';
    return `scanner_${vendor}`;
  }
  // Coarse relay aggregates also cover non-Apple space (WARP); the exact egress list is used.
  return null;
}

/** The proxy/scanner CSV: rows with a CIDR in the first column (ASN and note rows skipped). */
export function parseProxyScannerCsv(text: string): ListEntry[] {
  const out: ListEntry[] = [];
  const lines = text.split('\n');
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const [cidr, operator = '', category = ''] = splitCsvLine(line);
    if (!CIDR_SHAPE.test(cidr.trim())) continue;
    const list = listForRow(category.trim(), operator.trim());
    if (list) out.push({ list, cidr: cidr.trim() });
  }
  return out;
}

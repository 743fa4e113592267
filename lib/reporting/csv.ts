// CSV exports of a campaign: its figures, and every event streamed in batches. Each file says
// which time zone its local times are in and whether automated events were suppressed.
import { localDate, zoneOffsetMs } from './zoned-time';
import { isCountedEvent, METRICS, type Figures, type MetricId } from './metrics';
import { toLinkNumber } from './link-number';
import type { CampaignStats } from './service';
import type { EventView, ReportingStore } from './store';

// Spreadsheets run cells starting with these as formulas; a leading quote keeps them text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function formatCsvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsvLine(
  values: ReadonlyArray<string | number | boolean | null | undefined>,
): string {
  return `${values.map(formatCsvCell).join(',')}\r\n`;
}

/** "2026-03-29 03:15:00" in the zone. */
export function formatLocalTime(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone));
  return `${localDate(instant, timeZone)} ${shifted.toISOString().slice(11, 19)}`;
}

const FIGURE_ORDER: MetricId[] = [
  'sent',
  'bounced',
  'delivered',
  'totalOpens',
  'measuredOpeners',
  'inferredOpeners',
  'uniqueOpeners',
  'totalClicks',
  'uniqueClickers',
  'openRate',
  'clickRate',
  'clickToOpenRate',
];

function figureRows(figures: Figures, counted: string) {
  return FIGURE_ORDER.map((id) => {
    const metric = METRICS[id];
    const value = figures[id];
    const denominator = metric.denominator ? METRICS[metric.denominator].label : '';
    return [counted, id, metric.label, value ?? '', denominator, metric.definition];
  });
}

/** The campaign's headline figures counted both ways, with their definitions. */
export function buildFiguresCsv(stats: CampaignStats, generatedAt: Date): string {
  const lines = [
    formatCsvLine(['campaign', stats.campaign.name, '', '', '', '']),
    formatCsvLine(['campaign_id', stats.campaign.id, '', '', '', '']),
    formatCsvLine(['time_zone', stats.timeZone, '', '', '', '']),
    formatCsvLine([
      'suppression_applied',
      stats.counting === 'human' ? 'yes' : 'no',
      '',
      '',
      '',
      '',
    ]),
    formatCsvLine(['generated_at', generatedAt.toISOString(), '', '', '', '']),
    formatCsvLine(['counting', 'metric', 'label', 'value', 'denominator', 'definition']),
  ];
  for (const row of figureRows(stats.human, 'people_only')) lines.push(formatCsvLine(row));
  for (const row of figureRows(stats.all, 'all_events')) lines.push(formatCsvLine(row));
  return lines.join('');
}

export const EVENT_COLUMNS = [
  'occurred_at_utc',
  'occurred_at_local',
  'time_zone',
  'suppression_applied',
  'counted',
  'kind',
  'method',
  'verdict',
  'fetcher',
  'reasons',
  'confidence',
  'classifier_version',
  'recipient_ref',
  'link_number',
  'link_url',
  'honeypot',
  'user_agent',
  'event_id',
  'message_id',
] as const;

function eventLine(e: EventView, timeZone: string, suppress: boolean): string {
  return formatCsvLine([
    e.occurredAt.toISOString(),
    formatLocalTime(e.occurredAt, timeZone),
    timeZone,
    suppress ? 'yes' : 'no',
    isCountedEvent(e, suppress ? 'human' : 'all') ? 'yes' : 'no',
    e.kind,
    e.method,
    e.verdict,
    e.fetcher,
    e.reasons.join(' '),
    e.confidence,
    e.classifierVersion,
    e.recipientRef,
    toLinkNumber(e.linkPosition),
    e.linkUrl,
    e.honeypot,
    e.userAgent,
    e.id,
    e.messageId,
  ]);
}

/** Every event of a campaign as CSV, a batch of rows at a time; memory stays flat. */
export function streamEventsCsv(
  store: ReportingStore,
  accountId: string,
  campaignId: string,
  settings: { timeZone: string; suppress: boolean },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = store.eventBatches(accountId, campaignId);
  let started = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(formatCsvLine(EVENT_COLUMNS)));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value
        .map((e) => eventLine(e, settings.timeZone, settings.suppress))
        .join('');
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** A file name safe in a Content-Disposition header. */
export function exportFileName(campaignName: string, what: 'figures' | 'events'): string {
  const slug = campaignName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'campaign'}-${what}.csv`;
}

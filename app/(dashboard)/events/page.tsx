// Event log: every event of the account, newest first, with its verdict and reasons in plain
// words. Automated events are always listed; the suppression switch only changes the figures.
import Link from 'next/link';
import { z } from 'zod';
import { EventTable } from '@/components/reporting/event-table';
import styles from '@/components/reporting/reporting.module.css';
import { requirePageContext } from '@/lib/auth/context';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;
/** Counting stops here, so the total never scans a huge account (issue #4 scale target). */
const COUNT_CAP = 100_000;

const FILTERS = [
  { verdict: undefined, label: 'all events' },
  { verdict: 'human', label: 'people' },
  { verdict: 'automated', label: 'automated' },
] as const;

const Search = z.object({
  campaign: z.uuid().optional().catch(undefined),
  verdict: z.enum(['human', 'automated']).optional().catch(undefined),
  before: z.string().max(100).optional().catch(undefined),
});

// The keyset cursor: the last row's time and id, readable and checked on the way back in.
const Cursor = z.tuple([z.iso.datetime(), z.uuid()]);

function readCursor(value: string | undefined) {
  if (!value) return undefined;
  const parsed = Cursor.safeParse(value.split('_'));
  return parsed.success ? { occurredAt: new Date(parsed.data[0]), id: parsed.data[1] } : undefined;
}

export default async function EventsPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageContext();
  const search = Search.parse(await props.searchParams);
  const store = await getReportingStore();
  const filter = { campaignId: search.campaign, verdict: search.verdict };
  const [events, total, campaign] = await Promise.all([
    store.events(ctx.accountId, {
      ...filter,
      after: readCursor(search.before),
      order: 'desc',
      limit: PAGE_SIZE,
    }),
    store.countEvents(ctx.accountId, filter, COUNT_CAP),
    search.campaign ? store.campaign(ctx.accountId, search.campaign) : null,
  ]);
  const active = FILTERS.find((f) => f.verdict === search.verdict) ?? FILTERS[0];
  const totalText =
    total >= COUNT_CAP
      ? `${COUNT_CAP.toLocaleString('en-US')} or more`
      : total.toLocaleString('en-US');
  const what = active.verdict ? `${active.label} events` : 'events';

  const link = (changes: Record<string, string | undefined>) => {
    const query = new URLSearchParams();
    const merged = { campaign: search.campaign, verdict: search.verdict, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value) query.set(key, value);
    return `/events?${query}`;
  };
  const last = events[events.length - 1];

  return (
    <main className={styles.page}>
      <h1>Events{campaign ? ` of ${campaign.name}` : ''}</h1>
      <div className={styles.toolbar} role="group" aria-label="Which events">
        <span className={styles.muted}>Show:</span>
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            href={link({ verdict: f.verdict, before: undefined })}
            className={styles.toggle}
            role="button"
            aria-pressed={f === active}
          >
            {f.label}
          </Link>
        ))}
        {search.campaign ? (
          <>
            <Link href={`/campaigns/${search.campaign}`}>back to the campaign</Link>
            <Link href={link({ campaign: undefined, before: undefined })}>all campaigns</Link>
          </>
        ) : null}
      </div>
      <p data-testid="event-total">
        <strong>{totalText}</strong> {what}
        {campaign ? ` in ${campaign.name}` : ' across all campaigns'}, newest first
        {search.before ? ' (an older page)' : ''}.
      </p>
      <p className={styles.muted}>
        Automated events stay in this log whatever the suppression setting; it only decides what the
        figures count.
      </p>
      <EventTable
        events={events}
        timeZone={ctx.timeZone}
        showRecipient
        showCampaign={!search.campaign}
      />
      {events.length === PAGE_SIZE && last ? (
        <p>
          <Link href={link({ before: `${last.occurredAt.toISOString()}_${last.id}` })}>
            Older events
          </Link>
        </p>
      ) : null}
    </main>
  );
}

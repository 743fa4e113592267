// A campaign: headline figures with definitions, the same figures counted both ways, events over
// time stacked by fetcher, and breakdowns by fetcher, link and mail client.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ComparisonPanel } from '@/components/reporting/comparison-panel';
import { CountingNote } from '@/components/reporting/counting-note';
import { FigureTiles } from '@/components/reporting/figure-tiles';
import styles from '@/components/reporting/reporting.module.css';
import { ClientTable, FetcherTable, LinkTable } from '@/components/reporting/tables';
import { TimeSeriesChart } from '@/components/reporting/time-series-chart';
import { hasRole, requirePageContext } from '@/lib/auth/context';
import { buildChartData } from '@/lib/reporting/chart-data';
import { loadCampaignPage } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';
import { RecipientList } from './recipient-list';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid() });
const Search = z.object({ granularity: z.enum(['hour', 'day']).catch('day').default('day') });

interface PageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function CampaignPage({ params, searchParams }: PageProps) {
  const ctx = await requirePageContext();
  const parsed = Params.safeParse(await params);
  if (!parsed.success) notFound();
  const { granularity } = Search.parse(await searchParams);
  const id = parsed.data.id;

  const store = await getReportingStore();
  const campaign = await store.campaign(ctx.accountId, id);
  if (!campaign) notFound();
  const report = await loadCampaignPage(store, ctx.accountId, id, { granularity });

  return (
    <main className={styles.page}>
      <div className={styles.heading}>
        <h1>{report.campaign.name}</h1>
        <span>
          {hasRole(ctx, 'marketer') ? (
            <>
              <Link href={`/campaigns/${id}/send`}>Send this campaign</Link> ·{' '}
            </>
          ) : null}
          <a href={`/campaigns/${id}/figures.csv`}>Figures (CSV)</a> ·{' '}
          <a href={`/campaigns/${id}/events.csv`}>Events (CSV)</a>
        </span>
      </div>
      {report.campaign.subject ? <p className={styles.muted}>{report.campaign.subject}</p> : null}
      <CountingNote counting={report.counting} timeZone={report.timeZone} />

      <section className={styles.section} aria-label="Headline figures">
        <FigureTiles figures={report.figures} />
      </section>

      <section className={styles.section}>
        <h2>Counted both ways</h2>
        <p className={styles.muted}>
          What the suppression switch changes: the highlighted column is what this account counts
          now.
        </p>
        <ComparisonPanel human={report.human} all={report.all} counting={report.counting} />
      </section>

      <section className={styles.section}>
        <h2>Over time</h2>
        <div className={styles.toolbar}>
          <span className={styles.muted}>
            Per local {granularity} in {report.timeZone}:
          </span>
          {(['hour', 'day'] as const).map((g) => (
            <Link
              key={g}
              href={`/campaigns/${id}?granularity=${g}`}
              className={styles.toggle}
              role="button"
              aria-pressed={granularity === g}
            >
              {g === 'hour' ? 'hours' : 'days'}
            </Link>
          ))}
        </div>
        {report.series.truncated ? (
          <p className={styles.muted} role="status">
            Too long to show by {granularity}: the chart shows the latest part from{' '}
            {report.series.from}. Pick days to see all of it.
          </p>
        ) : null}
        <TimeSeriesChart
          opens={buildChartData(report.series, 'open')}
          clicks={buildChartData(report.series, 'click')}
        />
      </section>

      <section className={styles.section}>
        <h2>Who made the requests</h2>
        <FetcherTable rows={report.fetchers} />
      </section>

      <section className={styles.section}>
        <h2>Links</h2>
        <LinkTable rows={report.links} />
      </section>

      <section className={styles.section}>
        <h2>Mail clients and devices</h2>
        <ClientTable rows={report.clients} />
      </section>

      <section className={styles.section}>
        <h2>Latest events</h2>
        <p className={styles.muted}>
          The 25 newest events, one row each (a recipient can appear on several rows); the recipient
          links to their own timeline.
        </p>
        <RecipientList accountId={ctx.accountId} campaignId={id} timeZone={report.timeZone} />
      </section>
    </main>
  );
}

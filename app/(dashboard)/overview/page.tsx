// Account overview: every campaign sent in a date range (local days of the account's time zone)
// added together, counted as the account's switch says and both ways; and the tracking requests
// on those days that were answered but not recorded as events.
import Link from 'next/link';
import { ComparisonPanel } from '@/components/reporting/comparison-panel';
import { CountingNote } from '@/components/reporting/counting-note';
import { DropTable } from '@/components/reporting/drop-table';
import { FigureTiles } from '@/components/reporting/figure-tiles';
import styles from '@/components/reporting/reporting.module.css';
import { requirePageContext } from '@/lib/auth/context';
import { formatRate } from '@/lib/reporting/metrics';
import { SaneLocalDay } from '@/lib/reporting/bounds';
import { toInstantRange } from '@/lib/reporting/params';
import { loadCampaignList, loadTrackingDrops } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';
import { localDate } from '@/lib/reporting/zoned-time';

export const dynamic = 'force-dynamic';

const DEFAULT_DAYS = 30;

/** A day from the address bar, or the fallback and a note saying why the value was not used. */
function readDay(name: string, value: unknown, fallback: string) {
  if (value === undefined || value === '') return { day: fallback, problem: null };
  const parsed = SaneLocalDay.safeParse(value);
  if (parsed.success) return { day: parsed.data, problem: null };
  const shown = typeof value === 'string' ? value.slice(0, 40) : 'the value';
  return {
    day: fallback,
    problem: `${name} ${shown} was ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
  };
}

export default async function OverviewPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageContext();
  const search = await props.searchParams;
  const today = localDate(new Date(), ctx.timeZone);
  const monthAgo = localDate(new Date(Date.now() - DEFAULT_DAYS * 86_400_000), ctx.timeZone);
  const fromInput = readDay('From', search.from, monthAgo);
  const toInput = readDay('To', search.to, today);
  let from = fromInput.day;
  let to = toInput.day;
  const problems = [fromInput.problem, toInput.problem].filter((p) => p !== null);
  if (from > to) [from, to] = [to, from];

  const range = toInstantRange({ from, to }, ctx.timeZone);
  const store = await getReportingStore();
  const [list, drops] = await Promise.all([
    loadCampaignList(store, ctx.accountId, { ...range, limit: 500 }),
    // toInstantRange gives both ends when both days are given, as they always are here.
    loadTrackingDrops(store, ctx.accountId, {
      from: range.from ?? new Date(0),
      to: range.to ?? new Date(),
      series: false,
    }),
  ]);

  return (
    <main className={styles.page}>
      <h1>Overview</h1>
      <form className={styles.toolbar} method="get">
        <label>
          From <input type="date" name="from" defaultValue={from} />
        </label>
        <label>
          to <input type="date" name="to" defaultValue={to} />
        </label>
        <button type="submit">Show</button>
        <span className={styles.muted}>
          Campaigns sent on these days ({ctx.timeZone}), both days included.
        </span>
      </form>
      {problems.map((problem) => (
        <p key={problem} className={styles.error} role="alert">
          {problem}
        </p>
      ))}
      <CountingNote counting={list.counting} timeZone={list.timeZone} />
      <section className={styles.section} aria-label="Headline figures">
        <FigureTiles figures={list.total.figures} />
      </section>
      <section className={styles.section}>
        <h2>Counted both ways</h2>
        <ComparisonPanel human={list.total.human} all={list.total.all} counting={list.counting} />
      </section>
      <section className={styles.section}>
        <h2>Campaigns ({list.campaigns.length})</h2>
        <div className={styles.scroll}>
          <table className={styles.table} aria-label="Campaigns">
            <thead>
              <tr>
                <th>Campaign</th>
                <th className={styles.num}>Delivered</th>
                <th className={styles.num}>Open rate (of delivered)</th>
                <th className={styles.num}>Click rate (of delivered)</th>
              </tr>
            </thead>
            <tbody>
              {list.campaigns.map((c) => (
                <tr key={c.campaign.id}>
                  <td>
                    <Link href={`/campaigns/${c.campaign.id}`}>{c.campaign.name}</Link>
                  </td>
                  <td className={styles.num}>{c.figures.delivered.toLocaleString('en-US')}</td>
                  <td className={styles.num}>{formatRate(c.figures.openRate)}</td>
                  <td className={styles.num}>{formatRate(c.figures.clickRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className={styles.section}>
        <h2>Requests answered but not recorded</h2>
        <DropTable drops={drops} />
      </section>
    </main>
  );
}

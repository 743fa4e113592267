// Campaign list: each campaign's headline figures under the account's counting, each rate
// naming its denominator, people against machines.
import Link from 'next/link';
import { CountingNote } from '@/components/reporting/counting-note';
import { FigureTiles } from '@/components/reporting/figure-tiles';
import styles from '@/components/reporting/reporting.module.css';
import { requirePageContext } from '@/lib/auth/context';
import { formatRate, METRICS } from '@/lib/reporting/metrics';
import { loadCampaignList } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

const n = (value: number) => value.toLocaleString('en-US');

export default async function CampaignsPage() {
  const ctx = await requirePageContext();
  const list = await loadCampaignList(await getReportingStore(), ctx.accountId, { limit: 200 });

  return (
    <main className={styles.page}>
      <div className={styles.heading}>
        <h1>Campaigns</h1>
        <Link href="/overview">Account overview</Link>
      </div>
      <CountingNote counting={list.counting} timeZone={list.timeZone} />
      {list.campaigns.length === 0 ? (
        <p>No campaigns yet. Create one through the API (POST /api/v1/campaigns).</p>
      ) : (
        <>
          <section className={styles.section} aria-label="All campaigns together">
            <h2>All listed campaigns</h2>
            <FigureTiles figures={list.total.figures} />
          </section>
          <section className={styles.section}>
            <div className={styles.scroll}>
              <table className={styles.table} aria-label="Campaigns">
                <thead>
                  <tr>
                    <th>Campaign</th>
                    <th className={styles.num}>{METRICS.delivered.label}</th>
                    <th className={styles.num}>Unique opens (people / all)</th>
                    <th className={styles.num}>Unique clickers (people / all)</th>
                    <th className={styles.num}>{METRICS.openRate.label} (of delivered)</th>
                    <th className={styles.num}>{METRICS.clickRate.label} (of delivered)</th>
                    <th className={styles.num}>
                      {METRICS.clickToOpenRate.label} (of unique opens)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.campaigns.map((c) => (
                    <tr key={c.campaign.id} data-campaign={c.campaign.id}>
                      <td>
                        <Link href={`/campaigns/${c.campaign.id}`}>{c.campaign.name}</Link>
                        <div className={styles.muted}>
                          {(c.campaign.sentAt ?? c.campaign.createdAt).toISOString().slice(0, 10)}
                        </div>
                      </td>
                      <td className={styles.num}>{n(c.figures.delivered)}</td>
                      <td className={styles.num}>
                        <span className={styles.human}>{n(c.human.uniqueOpeners)}</span> /{' '}
                        {n(c.all.uniqueOpeners)}
                      </td>
                      <td className={styles.num}>
                        <span className={styles.human}>{n(c.human.uniqueClickers)}</span> /{' '}
                        {n(c.all.uniqueClickers)}
                      </td>
                      <td className={styles.num}>{formatRate(c.figures.openRate)}</td>
                      <td className={styles.num}>{formatRate(c.figures.clickRate)}</td>
                      <td className={styles.num}>{formatRate(c.figures.clickToOpenRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className={styles.muted}>
              Rates follow the account&apos;s counting above; opens and clickers show people first,
              then all events. {METRICS.uniqueOpeners.definition}
            </p>
          </section>
        </>
      )}
    </main>
  );
}

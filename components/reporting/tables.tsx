// The campaign page's breakdown tables: by fetcher, by link, by mail client and device.
import type { ClientBreakdownRow } from '@/lib/reporting/clients';
import { nameFetcher } from '@/lib/reporting/chart-data';
import { toLinkNumber } from '@/lib/reporting/link-number';
import type { FetcherRow, LinkRow } from '@/lib/reporting/store';
import styles from './reporting.module.css';

const n = (value: number) => value.toLocaleString('en-US');

function VerdictLabel({ verdict }: { verdict: 'human' | 'automated' }) {
  return <span className={styles[verdict]}>{verdict === 'human' ? 'Person' : 'Automated'}</span>;
}

export function FetcherTable({ rows }: { rows: FetcherRow[] }) {
  if (rows.length === 0) return <p className={styles.muted}>No events yet.</p>;
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Events by fetcher">
        <thead>
          <tr>
            <th>Made by</th>
            <th>Verdict</th>
            <th>Kind</th>
            <th className={styles.num}>Events</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}:${r.verdict}:${r.fetcher}`}>
              <td>{nameFetcher(r.fetcher)}</td>
              <td>
                <VerdictLabel verdict={r.verdict} />
              </td>
              <td>{r.kind}</td>
              <td className={styles.num}>{n(r.events)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LinkTable({ rows }: { rows: LinkRow[] }) {
  if (rows.length === 0) return <p className={styles.muted}>No clicks yet.</p>;
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Clicks per link">
        <thead>
          <tr>
            <th title="Links numbered from 1 in the order they appear in the message">Link no.</th>
            <th>Link</th>
            <th className={styles.num}>Clicks by people</th>
            <th className={styles.num}>Automated clicks</th>
            <th className={styles.num}>Unique clickers (people)</th>
            <th className={styles.num}>Unique clickers (all)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.position}:${r.url}:${r.honeypot}`}>
              <td>{toLinkNumber(r.position)}</td>
              <td className={styles.url}>
                {r.url}
                {r.honeypot ? (
                  <div className={styles.muted}>
                    Hidden trap link: no person sees it, so every click is automated.
                  </div>
                ) : null}
              </td>
              <td className={styles.num}>{n(r.humanClicks)}</td>
              <td className={styles.num}>{n(r.automatedClicks)}</td>
              <td className={styles.num}>{n(r.humanClickers)}</td>
              <td className={styles.num}>{n(r.allClickers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClientTable({ rows }: { rows: ClientBreakdownRow[] }) {
  if (rows.length === 0) return <p className={styles.muted}>No events yet.</p>;
  return (
    <div className={styles.scroll}>
      <p className={styles.muted}>
        Numbers of events (pixel loads and clicks, repeats included), not of recipients.
      </p>
      <table className={styles.table} aria-label="Mail clients and devices">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Client</th>
            <th>Device</th>
            <th className={styles.num}>Events by people</th>
            <th className={styles.num}>Automated events</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}:${r.client}:${r.device}`}>
              <td>{r.kind}</td>
              <td>{r.client}</td>
              <td>{r.device}</td>
              <td className={styles.num}>{n(r.human)}</td>
              <td className={styles.num}>{n(r.automated)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

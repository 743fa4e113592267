// Tracking requests that were answered but not recorded, per reason (account overview). These
// got their image or redirect but are in no figure, so the page says how many and why.
import type { TrackingDrops } from '@/lib/reporting/service';
import { formatBucketLabel } from '@/lib/reporting/zoned-time';
import styles from './reporting.module.css';

const n = (value: number) => value.toLocaleString('en-US');

export function DropTable({ drops }: { drops: TrackingDrops }) {
  if (drops.reasons.length === 0) {
    return (
      <p className={styles.muted} data-testid="drops-none">
        None: every tracking request on these days was recorded as an event.
      </p>
    );
  }
  return (
    <>
      <p className={styles.muted}>
        {n(drops.total)} {drops.total === 1 ? 'request was' : 'requests were'} answered (the image
        or the redirect went out) but not recorded as events, so they are in no figure or event log.
        They are counted per reason and minute; counts arrive within about ten seconds.
      </p>
      <div className={styles.scroll}>
        <table className={styles.table} aria-label="Requests answered but not recorded">
          <thead>
            <tr>
              <th>Reason</th>
              <th>Code</th>
              <th className={styles.num}>Requests</th>
              <th>First minute</th>
              <th>Last minute</th>
            </tr>
          </thead>
          <tbody>
            {drops.reasons.map((r) => (
              <tr key={r.reason} data-reason={r.reason}>
                <td>{r.label}</td>
                <td>
                  <code>{r.reason}</code>
                </td>
                <td className={styles.num}>{n(r.count)}</td>
                <td>{formatBucketLabel(r.firstMinute, 'hour', drops.timeZone)}</td>
                <td>{formatBucketLabel(r.lastMinute, 'hour', drops.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

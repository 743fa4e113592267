// Events with their verdict and the reasons for it in plain words. Automated events stay listed
// whatever the suppression switch says; it only changes what the figures count.
import Link from 'next/link';
import { explainReasons } from '@/lib/classifier/explain';
import type { Evidence } from '@/lib/classifier/types';
import { nameFetcher } from '@/lib/reporting/chart-data';
import { formatLocalTime } from '@/lib/reporting/csv';
import { toLinkNumber } from '@/lib/reporting/link-number';
import type { EventView } from '@/lib/reporting/store';
import styles from './reporting.module.css';

function readEvidence(value: unknown): Evidence[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is Evidence =>
      typeof e === 'object' && e !== null && typeof (e as Evidence).reason === 'string',
  );
}

export function explainEvent(event: EventView): string[] {
  const sentences = explainReasons({
    reasons: event.reasons,
    evidence: readEvidence(event.evidence),
  });
  if (sentences.length > 0) return sentences;
  return event.verdict === 'human' ? ['Nothing pointed to a machine.'] : [];
}

export function EventTable(props: {
  events: EventView[];
  timeZone: string;
  showRecipient?: boolean;
  showCampaign?: boolean;
}) {
  if (props.events.length === 0) return <p className={styles.muted}>No events.</p>;
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Events">
        <thead>
          <tr>
            <th>Time ({props.timeZone})</th>
            {props.showCampaign ? <th>Campaign</th> : null}
            <th>Event</th>
            {props.showRecipient ? <th>Recipient</th> : null}
            <th>Verdict</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((e) => (
            <tr key={e.id} data-verdict={e.verdict}>
              <td>{formatLocalTime(e.occurredAt, props.timeZone)}</td>
              {props.showCampaign ? (
                <td>
                  <Link href={`/campaigns/${e.campaignId}`}>{e.campaignName}</Link>
                </td>
              ) : null}
              <td>
                {e.kind === 'open' ? 'Open' : 'Click'} ({e.method})
                {e.method.toUpperCase() === 'HEAD' ? (
                  <div className={styles.muted}>HEAD request: never counted in figures</div>
                ) : null}
                {e.linkUrl ? (
                  <div className={`${styles.muted} ${styles.url}`}>
                    Link no. {toLinkNumber(e.linkPosition)}: {e.linkUrl}
                  </div>
                ) : null}
              </td>
              {props.showRecipient ? (
                <td>
                  <Link href={`/campaigns/${e.campaignId}/messages/${e.messageId}`}>
                    {e.recipientRef}
                  </Link>
                </td>
              ) : null}
              <td>
                <span className={styles[e.verdict]}>
                  {e.verdict === 'human' ? 'Person' : 'Automated'}
                </span>
                <div className={styles.muted}>
                  {nameFetcher(e.fetcher)}, confidence {Math.round(e.confidence * 100)} %
                </div>
              </td>
              <td>
                <ul className={styles.reasons}>
                  {explainEvent(e).map((sentence) => (
                    <li key={sentence}>{sentence}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

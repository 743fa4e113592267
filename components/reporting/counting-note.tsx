// States what the figures on a page count, so nobody reads them the wrong way: a banner above the
// figures, loud (amber) when people and machines are counted together.
import Link from 'next/link';
import { COUNTING_LABEL, type Counting } from '@/lib/reporting/metrics';
import styles from './reporting.module.css';

export function CountingNote({ counting, timeZone }: { counting: Counting; timeZone: string }) {
  const mixed = counting === 'all';
  return (
    <div
      className={mixed ? styles.countingMixed : styles.countingPeople}
      data-counting={counting}
      role="note"
      aria-label="What these figures count"
    >
      <strong>Figures count: {COUNTING_LABEL[counting]}.</strong>{' '}
      {mixed
        ? 'Suppression of automated events is off, so opens and clicks by machines (privacy ' +
          'proxies, link scanners) are included in every figure below. '
        : 'Suppression of automated events is on: machines (privacy proxies, link scanners) are ' +
          'left out of every figure below; they stay in the event log. '}
      <Link href="/settings">Change in Settings</Link>. Times in {timeZone}.
    </div>
  );
}

// States what the figures on a page count, so nobody reads them the wrong way.
import { COUNTING_LABEL, type Counting } from '@/lib/reporting/metrics';
import styles from './reporting.module.css';

export function CountingNote({ counting, timeZone }: { counting: Counting; timeZone: string }) {
  return (
    <p className={styles.muted} data-counting={counting}>
      <span className={styles.badge}>{COUNTING_LABEL[counting]}</span> Suppression of automated
      events is {counting === 'human' ? 'on' : 'off'} for this account (Settings). Times in{' '}
      {timeZone}.
    </p>
  );
}

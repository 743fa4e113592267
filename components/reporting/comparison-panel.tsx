// The headline figures counted both ways side by side, so the effect of the suppression switch
// is visible before anyone flips it.
import {
  COUNTING_LABEL,
  METRICS,
  type Counting,
  type Figures,
  type MetricId,
} from '@/lib/reporting/metrics';
import { formatFigure } from './figure-tiles';
import styles from './reporting.module.css';

const ROWS: MetricId[] = [
  'totalOpens',
  'measuredOpeners',
  'inferredOpeners',
  'uniqueOpeners',
  'openRate',
  'totalClicks',
  'uniqueClickers',
  'clickRate',
  'clickToOpenRate',
];

export function ComparisonPanel(props: { human: Figures; all: Figures; counting: Counting }) {
  const cell = (counting: Counting) => (props.counting === counting ? styles.current : undefined);
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Figures counted both ways">
        <thead>
          <tr>
            <th>Figure</th>
            <th className={`${styles.num} ${cell('human') ?? ''}`}>{COUNTING_LABEL.human}</th>
            <th className={`${styles.num} ${cell('all') ?? ''}`}>{COUNTING_LABEL.all}</th>
            <th>Definition</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((id) => (
            <tr key={id}>
              <td>{METRICS[id].label}</td>
              <td className={`${styles.num} ${cell('human') ?? ''}`}>
                {formatFigure(id, props.human)}
              </td>
              <td className={`${styles.num} ${cell('all') ?? ''}`}>
                {formatFigure(id, props.all)}
              </td>
              <td className={styles.muted}>{METRICS[id].definition}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

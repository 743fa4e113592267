// Headline figures, each with its definition and, for rates, the denominator it divides by.
import {
  describeDenominator,
  formatRate,
  METRICS,
  type Figures,
  type MetricId,
} from '@/lib/reporting/metrics';
import styles from './reporting.module.css';

const TILES: MetricId[] = [
  'delivered',
  'uniqueOpeners',
  'openRate',
  'uniqueClickers',
  'clickRate',
  'clickToOpenRate',
  'totalOpens',
  'totalClicks',
];

export function formatFigure(id: MetricId, figures: Figures): string {
  const value = figures[id];
  if (METRICS[id].kind === 'rate') return formatRate(value as number | null);
  return Number(value).toLocaleString('en-US');
}

export function FigureTiles({ figures }: { figures: Figures }) {
  return (
    <div className={styles.tiles}>
      {TILES.map((id) => (
        <div key={id} className={styles.tile} data-metric={id}>
          <div className={styles.tileLabel}>{METRICS[id].label}</div>
          <div className={styles.tileValue} data-value>
            {formatFigure(id, figures)}
          </div>
          {id === 'uniqueOpeners' ? (
            <div className={styles.tileBreakdown} data-breakdown>
              {figures.measuredOpeners.toLocaleString('en-US')} measured +{' '}
              {figures.inferredOpeners.toLocaleString('en-US')} inferred from clicks
            </div>
          ) : null}
          {id === 'totalOpens' ? (
            <div className={styles.tileExplain}>
              Loads, not people. The {figures.inferredOpeners.toLocaleString('en-US')} openers
              inferred from clicks loaded no pixel, so Unique opens can be higher.
            </div>
          ) : null}
          <div className={styles.tileNote}>
            {describeDenominator(id, figures) ? `${describeDenominator(id, figures)}. ` : null}
            {METRICS[id].definition}
          </div>
        </div>
      ))}
    </div>
  );
}

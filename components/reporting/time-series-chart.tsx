'use client';
// Events over time, stacked by who made them: people in greens, machines in ambers.
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import styles from './reporting.module.css';

export interface ChartSeries {
  key: string;
  name: string;
  verdict: 'human' | 'automated';
}

export interface ChartData {
  rows: Array<Record<string, string | number>>;
  series: ChartSeries[];
}

const HUMAN_COLOURS = ['#2f8f5b', '#5fb883', '#1f6b43', '#8fd1a8'];
const AUTOMATED_COLOURS = [
  '#b8772a',
  '#d99a4e',
  '#8c5a1f',
  '#e8b97e',
  '#a0522d',
  '#f0c987',
  '#6e4a1c',
];

function colourOf(series: ChartSeries[], index: number): string {
  const own = series[index];
  const same = series.slice(0, index).filter((s) => s.verdict === own.verdict).length;
  const palette = own.verdict === 'human' ? HUMAN_COLOURS : AUTOMATED_COLOURS;
  return palette[same % palette.length];
}

export function TimeSeriesChart(props: { opens: ChartData; clicks: ChartData }) {
  const [kind, setKind] = useState<'opens' | 'clicks'>('opens');
  const data = props[kind];

  return (
    <div>
      <div className={styles.toolbar} role="group" aria-label="Event kind">
        {(['opens', 'clicks'] as const).map((k) => (
          <button
            key={k}
            type="button"
            className={styles.toggle}
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
          >
            {k === 'opens' ? 'Opens' : 'Clicks'}
          </button>
        ))}
      </div>
      <div className={styles.chart}>
        {data.rows.length === 0 ? (
          <p className={styles.muted}>No events yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data.rows}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              {data.series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  stackId="events"
                  fill={colourOf(data.series, i)}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}

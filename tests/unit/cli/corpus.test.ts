// The corpus reader every tool shares: valid rows and per-line errors naming the field.

import { describe, expect, it } from 'vitest';
import {
  corpusRequestSchema,
  formatCorpusError,
  labelledCorpusRowSchema,
  parseCorpusText,
  toTrackingRequest,
} from '@/scripts/lib/corpus';

const good = {
  id: 'ev1',
  msg: 'm1',
  kind: 'click',
  method: 'GET',
  ip: '192.0.2.5',
  user_agent: null,
  headers: { accept: '*/*' },
  seconds_after_delivery: 12.5,
  link_index: 2,
  label: 'automated',
  reason: 'link_scanner',
  confidence: 'low',
};

describe('parseCorpusText', () => {
  it('keeps valid rows with their line numbers and skips blank lines', () => {
    const text = `${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: 'ev2' })}\n`;
    const parsed = parseCorpusText(text, corpusRequestSchema);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.row.id])).toEqual([
      [1, 'ev1'],
      [3, 'ev2'],
    ]);
  });

  it('names each bad field', () => {
    const text = [
      JSON.stringify({ ...good, ip: '' }),
      JSON.stringify({ ...good, link_index: -1 }),
      '[1, 2]',
      JSON.stringify({ ...good, reason: 'robot' }),
    ].join('\n');
    const parsed = parseCorpusText(text, labelledCorpusRowSchema);
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => `${e.line}:${e.field}`)).toEqual([
      '1:ip',
      '2:link_index',
      '3:(line)',
      '4:reason',
    ]);
    expect(formatCorpusError(parsed.errors[0])).toMatch(/^line 1: field ip: /);
  });

  it('maps a row to a tracking request relative to delivery', () => {
    const row = corpusRequestSchema.parse(good);
    expect(toTrackingRequest(row, 1_000_000)).toEqual({
      kind: 'click',
      method: 'GET',
      ip: '192.0.2.5',
      userAgent: null,
      headers: { accept: '*/*' },
      at: 1_012_500,
      linkIndex: 2,
    });
  });
});

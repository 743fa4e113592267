import { describe, expect, it } from 'vitest';
import {
  computeFigures,
  computeRate,
  describeDenominator,
  formatRate,
  METRICS,
  resolveCounting,
  STATE,
  sumCounts,
  type CampaignCounts,
} from '@/lib/reporting/metrics';

// C10 as raw counts: 40 recipients with human opens (one of them 10 times), 2 human clickers
// with no open, 20 bounced, and 5 recipients with only an Apple privacy-protection load.
const C10: CampaignCounts = {
  sent: 100,
  bounced: 20,
  states: new Map([
    [STATE.humanOpen, 40],
    [STATE.humanClick, 2],
    [STATE.automatedOpen, 5],
  ]),
  opens: { human: 49, automated: 5 },
  clicks: { human: 2, automated: 0 },
};

describe('computeFigures', () => {
  it('C10, people only: 49 opens, 40 + 2 inferred = 42 unique, 52.5 % of 80 delivered', () => {
    const f = computeFigures(C10, 'human');
    expect(f).toEqual({
      counting: 'human',
      sent: 100,
      bounced: 20,
      delivered: 80,
      totalOpens: 49,
      measuredOpeners: 40,
      inferredOpeners: 2,
      uniqueOpeners: 42,
      totalClicks: 2,
      uniqueClickers: 2,
      openRate: 0.525,
      clickRate: 0.025,
      clickToOpenRate: 2 / 42,
    });
    expect(formatRate(f.openRate)).toBe('52.5 %');
    expect(describeDenominator('openRate', f)).toBe('of 80 delivered');
    expect(describeDenominator('clickToOpenRate', f)).toBe('of 42 unique opens');
  });

  it('C10, all events: the privacy-protection loads count as opens', () => {
    const f = computeFigures(C10, 'all');
    expect([f.totalOpens, f.measuredOpeners, f.uniqueOpeners, f.openRate]).toEqual([
      54,
      45,
      47,
      47 / 80,
    ]);
  });

  it('counts a message with a human open and a human click once, not inferred', () => {
    const counts = { ...C10, states: new Map([[STATE.humanOpen | STATE.humanClick, 3]]) };
    const f = computeFigures(counts, 'human');
    expect([f.measuredOpeners, f.inferredOpeners, f.uniqueOpeners, f.uniqueClickers]).toEqual([
      3, 0, 3, 3,
    ]);
    expect(f.clickToOpenRate).toBe(1);
  });

  it('leaves bounced messages out of recipients, so no rate passes 100 %', () => {
    const counts: CampaignCounts = {
      sent: 2,
      bounced: 1,
      states: new Map([
        [STATE.humanOpen, 1],
        [STATE.humanOpen | STATE.bounced, 1],
      ]),
      opens: { human: 2, automated: 0 },
      clicks: { human: 0, automated: 0 },
    };
    const f = computeFigures(counts, 'human');
    expect([f.uniqueOpeners, f.openRate, f.totalOpens]).toEqual([1, 1, 2]);
  });

  it('automated clicks imply an open only when machines are counted', () => {
    const counts = { ...C10, states: new Map([[STATE.automatedClick, 4]]) };
    expect(computeFigures(counts, 'human').uniqueOpeners).toBe(0);
    const all = computeFigures(counts, 'all');
    expect([all.inferredOpeners, all.uniqueClickers, all.clickToOpenRate]).toEqual([4, 4, 1]);
  });

  it('has no rate when nothing was delivered or opened', () => {
    const f = computeFigures({ ...C10, sent: 0, bounced: 0, states: new Map() }, 'human');
    expect([f.openRate, f.clickRate, f.clickToOpenRate]).toEqual([null, null, null]);
    expect(formatRate(f.openRate)).toBe('n/a');
  });
});

describe('definitions', () => {
  it('names a denominator for every rate and none for counts', () => {
    for (const metric of Object.values(METRICS)) {
      expect(Boolean(metric.denominator)).toBe(metric.kind === 'rate');
    }
    expect(METRICS.clickRate.label).toBe('Click rate (click-through rate)');
  });

  it('resolves the counting from the switch unless a request asks otherwise', () => {
    expect(resolveCounting(true)).toBe('human');
    expect(resolveCounting(false)).toBe('all');
    expect(resolveCounting(true, 'all')).toBe('all');
    expect(resolveCounting(false, 'human')).toBe('human');
  });

  it('computes and formats rates', () => {
    expect(computeRate(1, 3)).toBe(1 / 3);
    expect(computeRate(1, 0)).toBeNull();
    expect(formatRate(1 / 3)).toBe('33.3 %');
    expect(formatRate(1)).toBe('100.0 %');
  });

  it('sums campaigns state by state', () => {
    const sum = sumCounts([C10, C10]);
    expect(sum.sent).toBe(200);
    expect(sum.states.get(STATE.humanOpen)).toBe(80);
    expect(computeFigures(sum, 'human').openRate).toBe(0.525);
  });
});

// Every figure Verity reports is defined here, once. Pages, exports and the API read the labels,
// definitions and denominators from this catalogue, so a number never appears without them.
// Rates are ratios of recipients (messages), so they cannot exceed 100 %; totals count events.

/** Which events the headline figures count: only people, or every request. */
export type Counting = 'human' | 'all';

/** State bits of a message, as the rollups store them (see the report_rollups migration). */
export const STATE = {
  humanOpen: 1,
  automatedOpen: 2,
  humanClick: 4,
  automatedClick: 8,
  bounced: 16,
} as const;

export interface EventTotals {
  human: number;
  automated: number;
}

/** Raw counts of one campaign (or several, summed); everything else derives from them. */
export interface CampaignCounts {
  sent: number;
  bounced: number;
  /** Messages per state bit set; messages without any event are not listed. */
  states: ReadonlyMap<number, number>;
  opens: EventTotals;
  clicks: EventTotals;
}

export type MetricId =
  | 'sent'
  | 'bounced'
  | 'delivered'
  | 'totalOpens'
  | 'measuredOpeners'
  | 'inferredOpeners'
  | 'uniqueOpeners'
  | 'totalClicks'
  | 'uniqueClickers'
  | 'openRate'
  | 'clickRate'
  | 'clickToOpenRate';

export interface MetricDefinition {
  id: MetricId;
  label: string;
  kind: 'count' | 'rate';
  definition: string;
  /** For rates: the metric divided by. */
  denominator?: MetricId;
}

export const METRICS: Record<MetricId, MetricDefinition> = {
  sent: { id: 'sent', label: 'Sent', kind: 'count', definition: 'Messages registered.' },
  bounced: {
    id: 'bounced',
    label: 'Bounced',
    kind: 'count',
    definition: 'Messages the receiving server refused.',
  },
  delivered: {
    id: 'delivered',
    label: 'Delivered',
    kind: 'count',
    definition: 'Sent minus bounced.',
  },
  totalOpens: {
    id: 'totalOpens',
    label: 'Total opens (pixel loads)',
    kind: 'count',
    definition: 'Counted pixel loads, repeats included; HEAD requests never count.',
  },
  measuredOpeners: {
    id: 'measuredOpeners',
    label: 'Measured openers',
    kind: 'count',
    definition: 'Delivered recipients with at least one counted pixel load.',
  },
  inferredOpeners: {
    id: 'inferredOpeners',
    label: 'Inferred openers',
    kind: 'count',
    definition:
      'Delivered recipients who clicked without a counted pixel load (a click implies an open).',
  },
  uniqueOpeners: {
    id: 'uniqueOpeners',
    label: 'Unique opens',
    kind: 'count',
    definition: 'Measured openers plus inferred openers; each recipient once.',
  },
  totalClicks: {
    id: 'totalClicks',
    label: 'Total clicks (link hits)',
    kind: 'count',
    definition: 'Counted clicks, repeats included; HEAD requests never count.',
  },
  uniqueClickers: {
    id: 'uniqueClickers',
    label: 'Unique clickers',
    kind: 'count',
    definition: 'Delivered recipients with at least one counted click.',
  },
  openRate: {
    id: 'openRate',
    label: 'Open rate',
    kind: 'rate',
    definition: 'Unique opens divided by delivered.',
    denominator: 'delivered',
  },
  clickRate: {
    id: 'clickRate',
    label: 'Click rate (click-through rate)',
    kind: 'rate',
    definition: 'Unique clickers divided by delivered.',
    denominator: 'delivered',
  },
  clickToOpenRate: {
    id: 'clickToOpenRate',
    label: 'Click-to-open rate',
    kind: 'rate',
    definition: 'Unique clickers divided by unique opens.',
    denominator: 'uniqueOpeners',
  },
};

export const COUNTING_LABEL: Record<Counting, string> = {
  human: 'People only (automated events suppressed)',
  all: 'All events (people and machines)',
};

export interface Figures {
  counting: Counting;
  sent: number;
  bounced: number;
  delivered: number;
  totalOpens: number;
  measuredOpeners: number;
  inferredOpeners: number;
  uniqueOpeners: number;
  totalClicks: number;
  uniqueClickers: number;
  /** 0..1, or null when the denominator is zero. */
  openRate: number | null;
  clickRate: number | null;
  clickToOpenRate: number | null;
}

export const EMPTY_COUNTS: CampaignCounts = {
  sent: 0,
  bounced: 0,
  states: new Map(),
  opens: { human: 0, automated: 0 },
  clicks: { human: 0, automated: 0 },
};

/** The counting in force: the account's switch, unless one request asks otherwise. */
export function resolveCounting(suppressAutomated: boolean, override?: Counting): Counting {
  if (override) return override;
  return suppressAutomated ? 'human' : 'all';
}

/** numerator / denominator, or null when there is nothing to divide by. */
export function computeRate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return numerator / denominator;
}

function countsOpen(state: number, counting: Counting): boolean {
  const mask = counting === 'human' ? STATE.humanOpen : STATE.humanOpen | STATE.automatedOpen;
  return (state & mask) !== 0;
}

function countsClick(state: number, counting: Counting): boolean {
  const mask = counting === 'human' ? STATE.humanClick : STATE.humanClick | STATE.automatedClick;
  return (state & mask) !== 0;
}

function countEvents(totals: EventTotals, counting: Counting): number {
  return counting === 'human' ? totals.human : totals.human + totals.automated;
}

/** Every headline figure of a campaign under one way of counting. */
export function computeFigures(counts: CampaignCounts, counting: Counting): Figures {
  let measuredOpeners = 0;
  let inferredOpeners = 0;
  let uniqueClickers = 0;

  for (const [state, messages] of counts.states) {
    // Recipients are counted among delivered messages only, so no rate can pass 100 %.
    if (state & STATE.bounced) continue;
    const opened = countsOpen(state, counting);
    const clicked = countsClick(state, counting);
    if (opened) measuredOpeners += messages;
    if (clicked && !opened) inferredOpeners += messages;
    if (clicked) uniqueClickers += messages;
  }

  const delivered = counts.sent - counts.bounced;
  const uniqueOpeners = measuredOpeners + inferredOpeners;

  return {
    counting,
    sent: counts.sent,
    bounced: counts.bounced,
    delivered,
    totalOpens: countEvents(counts.opens, counting),
    measuredOpeners,
    inferredOpeners,
    uniqueOpeners,
    totalClicks: countEvents(counts.clicks, counting),
    uniqueClickers,
    openRate: computeRate(uniqueOpeners, delivered),
    clickRate: computeRate(uniqueClickers, delivered),
    clickToOpenRate: computeRate(uniqueClickers, uniqueOpeners),
  };
}

/** Adds campaign counts together (account overview). */
export function sumCounts(all: readonly CampaignCounts[]): CampaignCounts {
  const states = new Map<number, number>();
  const total = {
    sent: 0,
    bounced: 0,
    opens: { human: 0, automated: 0 },
    clicks: { human: 0, automated: 0 },
  };
  for (const c of all) {
    total.sent += c.sent;
    total.bounced += c.bounced;
    total.opens.human += c.opens.human;
    total.opens.automated += c.opens.automated;
    total.clicks.human += c.clicks.human;
    total.clicks.automated += c.clicks.automated;
    for (const [state, n] of c.states) states.set(state, (states.get(state) ?? 0) + n);
  }
  return { ...total, states };
}

/** "52.5 %" (one decimal), or "n/a" when the rate has no denominator. */
export function formatRate(rate: number | null): string {
  if (rate === null) return 'n/a';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)} %`;
}

/** The denominator's label and value, e.g. "of 80 delivered". */
export function describeDenominator(id: MetricId, figures: Figures): string | null {
  const denominator = METRICS[id].denominator;
  if (!denominator) return null;
  const value = figures[denominator];
  const shown = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return `of ${shown} ${METRICS[denominator].label.toLowerCase()}`;
}

/**
 * Whether one event counts in the figures. A HEAD request fetches nothing a person sees (case
 * C11), so it never counts; an automated event counts only when counting every event.
 */
export function isCountedEvent(
  event: { method: string; verdict: 'human' | 'automated' },
  counting: Counting,
): boolean {
  if (event.method.toUpperCase() === 'HEAD') return false;
  return counting === 'all' || event.verdict === 'human';
}

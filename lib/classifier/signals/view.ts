// What every signal sees about one request, computed once per classifyThread call.

import { formatPrefix, parseIp } from '../ip';
import { listBit, maskOfNames, maskOfParsed } from '../network';
import type { KnownReason } from '../reasons';
import type { Evidence, MessageContext, TrackingRequest } from '../types';
import { userAgentFacts, type UserAgentFacts } from '../user-agent';

/** Time windows and weights. Each is exercised on both sides by the unit tests. */
export const THRESHOLDS = {
  /** Gateways and Microsoft's filters fetch within tens of seconds of delivery. */
  deliveryScanWindowS: 120,
  /**
   * A click this soon after delivery is a machine's: gateways and Microsoft's filters click within
   * seconds, while the fastest readers seen click after about 25 s.
   */
  instantClickS: 15,
  /** Gmail's and Yahoo's delivery-time prefetch arrives within seconds. */
  proxyPrefetchWindowS: 20,
  burstWindowMs: 3000,
  burstMinClicks: 3,
  /** Repeated hits on one link need more of them to count as a burst (double clicks happen). */
  burstMinSameLinkClicks: 4,
  allLinksWindowMs: 60_000,
  allLinksMinLinks: 3,
  /** A time-of-click check precedes the person's own request by well under this. */
  clickCheckMaxGapMs: 5000,
  recheckMaxGapMs: 60_000,
  honeypotWindowMs: 10_000,
  /** Combined weight at which the verdict becomes automated. */
  automatedScore: 0.8,
} as const;

/** Bits of the list groups the signals test. Built once, after the lists are loaded. */
export interface ListGroups {
  apple: number;
  appleRelay: number;
  google: number;
  yahoo: number;
  mailFilter: number;
  exchange: number;
  scanner: number;
  corporate: number;
  cloud: number;
  cloudMicrosoft: number;
  cloudGoogle: number;
  googleOwn: number;
  /** Lists that name a specific operator; they take precedence over generic cloud space. */
  named: number;
}

let groups: ListGroups | null = null;

function bitsOf(names: string[]): number {
  return names.reduce((mask, name) => {
    const bit = listBit(name);
    return bit >= 0 ? mask | (1 << bit) : mask;
  }, 0);
}

function bitsWithPrefix(prefix: string, names: readonly string[]): number {
  return bitsOf(names.filter((n) => n.startsWith(prefix)));
}

export function listGroups(allNames: () => readonly string[]): ListGroups {
  if (groups) return groups;
  const names = allNames();
  const g = {
    apple: bitsOf(['apple_relay', 'apple_own']),
    appleRelay: bitsOf(['apple_relay']),
    google: bitsOf(['google_fetchers', 'google_own']),
    yahoo: bitsOf(['yahoo_proxy']),
    mailFilter: bitsOf(['microsoft_mail_filter']),
    exchange: bitsOf(['microsoft_exchange']),
    scanner: bitsWithPrefix('scanner_', names),
    corporate: bitsOf(['corporate_proxy']),
    cloud: bitsWithPrefix('cloud_', names),
    cloudMicrosoft: bitsOf(['cloud_microsoft']),
    cloudGoogle: bitsOf(['cloud_google']),
    googleOwn: bitsOf(['google_own']),
    named: 0,
  };
  g.named = g.apple | g.google | g.yahoo | g.mailFilter | g.exchange | g.scanner | g.corporate;
  groups = g;
  return g;
}

export interface RequestView {
  req: TrackingRequest;
  /** Position in the caller's array. */
  index: number;
  ua: UserAgentFacts;
  mask: number;
  /** Source key for "same source" rules: the /24 or /48, or the raw text when unparseable. */
  source: string;
  /** Seconds after delivery; null when the delivery time is unknown. */
  afterS: number | null;
  method: string;
}

/** `needSource` is false for a lone request: no same-source rule can apply, so skip the work. */
export function buildView(
  req: TrackingRequest,
  index: number,
  ctx: MessageContext,
  needSource = true,
): RequestView {
  const parsed = req.ip ? parseIp(req.ip) : null;
  const mask = req.network ? maskOfNames(req.network.lists) : parsed ? maskOfParsed(parsed) : 0;
  const source = !needSource
    ? ''
    : (req.network?.prefix ?? (parsed ? formatPrefix(parsed) : (req.ip ?? 'unknown')));
  return {
    req,
    index,
    ua: userAgentFacts(req.userAgent),
    mask,
    source,
    afterS: ctx.deliveredAt === null ? null : (req.at - ctx.deliveredAt) / 1000,
    method: req.method.toUpperCase(),
  };
}

/** A piece of evidence with its weight (0..1, how strongly it says "automated"). */
export interface Found extends Evidence {
  reason: KnownReason;
  /** 0 for evidence that supports "human". */
  weight: number;
}

export function found(
  signal: string,
  reason: KnownReason,
  weight: number,
  detail?: Evidence['detail'],
): Found {
  return detail ? { signal, reason, weight, detail } : { signal, reason, weight };
}

export function roundS(seconds: number | null): number | undefined {
  return seconds === null ? undefined : Math.round(seconds * 10) / 10;
}

export function withDelivery(view: RequestView, extra: Record<string, string | number> = {}) {
  const after = roundS(view.afterS);
  return after === undefined ? extra : { afterDeliveryS: after, ...extra };
}

// The classifier's contract. It is pure: no database, no framework, no clock. Everything it
// needs, the event time included, comes in through these types.

export type EventKind = 'open' | 'click';
export type Verdict = 'human' | 'automated';

/** Who made a request, in the replay corpus's terms, whatever the verdict. */
export const FETCHERS = [
  'apple_mpp',
  'google_image_proxy',
  'yahoo_proxy',
  'microsoft_safelinks',
  'outlook_scanning',
  'link_scanner',
  'security_sandbox',
  'generic_bot',
  'human',
] as const;
export type Fetcher = (typeof FETCHERS)[number];

/** Network-level facts about a client address; kept after the address itself is erased. */
export interface NetworkFacts {
  /** IPv4 /24 or IPv6 /48 the address belongs to, e.g. "172.224.228.0/24". */
  prefix: string;
  /** Names of the shipped address lists that contain the address, e.g. "apple_relay". */
  lists: string[];
}

/** One open or click request, reduced to what the classifier may read. */
export interface TrackingRequest {
  kind: EventKind;
  /** GET or HEAD (anything else is treated as automated). */
  method: string;
  /** Client address; null after the account's retention period (then `network` is set). */
  ip: string | null;
  /** Precomputed facts; when absent they are derived from `ip`. */
  network?: NetworkFacts | null;
  /** null when the header was absent, '' when present but empty. */
  userAgent: string | null;
  /** Lower-case header names: accept, accept-language, sec-purpose, via, ... */
  headers: Record<string, string>;
  /** Event time, epoch milliseconds. */
  at: number;
  /** Clicks: the link's zero-based position in the email. */
  linkIndex?: number | null;
  /** Clicks: the link is the invisible honeypot no person sees. */
  honeypot?: boolean;
}

/** What is known about the message the events belong to. */
export interface MessageContext {
  /** When the receiving server accepted it, epoch ms; null when unknown. */
  deliveredAt: number | null;
  /** Number of visible registered links, when known. */
  linkCount: number | null;
}

export interface Evidence {
  /** The signal that fired, e.g. "apple_privacy_relay". */
  signal: string;
  reason: ReasonCode;
  /** Facts for the plain-words explanation, e.g. { links: 8, spanMs: 900, afterDeliveryS: 45 }. */
  detail?: Record<string, string | number | boolean>;
}

export interface Classification {
  verdict: Verdict;
  fetcher: Fetcher;
  reasons: ReasonCode[];
  /** 0..1: how sure the verdict is. */
  confidence: number;
  evidence: Evidence[];
  /** Classifier version that produced it. */
  version: string;
}

/**
 * Typed reason codes. The list is owned by lib/classifier/reasons.ts, which also gives each its
 * plain-words explanation.
 */
export type ReasonCode = string;

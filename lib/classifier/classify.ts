// classifyThread: the one entry point the live endpoints and the CLI share. It classifies every
// request of one message together, so later evidence (the sixth link in a second) revises the
// verdicts of earlier requests.

import { attributeAutomated, attributeHuman } from './fetcher';
import { REASONS, type KnownReason } from './reasons';
import { runRequestSignals } from './signals/request-signals';
import { runThreadSignals } from './signals/thread-signals';
import { buildView, THRESHOLDS, type Found, type RequestView } from './signals/view';
import type { Classification, MessageContext, TrackingRequest } from './types';

export const CLASSIFIER_VERSION = '2026.12.1';

/** 1 - Π(1 - w): independent pieces of evidence reinforce each other without exceeding 1. */
export function combineWeights(evidence: readonly Found[]): number {
  let remaining = 1;
  for (const e of evidence) remaining *= 1 - e.weight;
  return 1 - remaining;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function orderedReasons(evidence: Found[], side: 'automated' | 'human'): KnownReason[] {
  const chosen = evidence
    .filter((e) => REASONS[e.reason].side === side)
    .sort((a, b) => b.weight - a.weight);
  return [...new Set(chosen.map((e) => e.reason))];
}

function decide(v: RequestView, evidence: Found[]): Classification {
  const score = combineWeights(evidence);
  const base = { evidence: evidence.map(({ weight: _w, ...e }) => e), version: CLASSIFIER_VERSION };

  if (score >= THRESHOLDS.automatedScore) {
    return {
      verdict: 'automated',
      fetcher: attributeAutomated(v, evidence),
      reasons: orderedReasons(evidence, 'automated'),
      confidence: round2(Math.min(0.99, score)),
      ...base,
    };
  }
  const humanReasons = orderedReasons(evidence, 'human');
  const certainty = humanReasons.length > 0 ? 0.9 : 0.8;
  return {
    verdict: 'human',
    fetcher: attributeHuman(v),
    reasons: humanReasons.length > 0 ? humanReasons : ['ordinary_request'],
    confidence: round2(Math.max(0.5, certainty * (1 - score / 2))),
    ...base,
  };
}

/** Stable time order (the caller's order breaks ties). */
function timeOrder(views: RequestView[]): RequestView[] {
  return [...views].sort((a, b) => a.req.at - b.req.at || a.index - b.index);
}

/**
 * Classifies every request of one message (all known so far, any order) and returns their
 * current classifications in the caller's order. Deterministic; reads no clock.
 */
export function classifyThread(ctx: MessageContext, requests: TrackingRequest[]): Classification[] {
  const views = timeOrder(requests.map((req, i) => buildView(req, i, ctx)));
  const evidence = views.map((v) => runRequestSignals(v));
  const requestScores = evidence.map(combineWeights);
  runThreadSignals({ views, ctx, requestScores, out: evidence });

  const results = new Array<Classification>(requests.length);
  views.forEach((v, k) => {
    results[v.index] = decide(v, evidence[k]);
  });
  return results;
}

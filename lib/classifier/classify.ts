// classifyThread: the one entry point the live endpoints and the CLI share. It classifies every
// request of one message together, so later evidence (the sixth link in a second) revises the
// verdicts of earlier requests.

import { attributeAutomated, attributeHuman } from './fetcher';
import { REASONS, type KnownReason } from './reasons';
import { runRequestSignals } from './signals/request-signals';
import { runThreadSignals } from './signals/thread-signals';
import { buildView, THRESHOLDS, type Found, type RequestView } from './signals/view';
import type { Classification, Evidence, MessageContext, TrackingRequest } from './types';

export const CLASSIFIER_VERSION = '2026.12.6';

/** 1 - Π(1 - w): independent pieces of evidence reinforce each other without exceeding 1. */
export function combineWeights(evidence: readonly Found[]): number {
  let remaining = 1;
  for (const e of evidence) remaining *= 1 - e.weight;
  return 1 - remaining;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Reason codes of one side, strongest first, each once (stable for equal weights). */
function orderedReasons(evidence: Found[], side: 'automated' | 'human'): KnownReason[] {
  const chosen = evidence.filter((e) => REASONS[e.reason].side === side);
  if (chosen.length > 1) chosen.sort((a, b) => b.weight - a.weight);
  const codes: KnownReason[] = [];
  for (const e of chosen) if (!codes.includes(e.reason)) codes.push(e.reason);
  return codes;
}

/** Evidence as stored: the weight is an internal of this version's scoring. */
function toEvidence(e: Found): Evidence {
  return e.detail
    ? { signal: e.signal, reason: e.reason, detail: e.detail }
    : { signal: e.signal, reason: e.reason };
}

function decide(v: RequestView, evidence: Found[]): Classification {
  const score = combineWeights(evidence);
  const base = { evidence: evidence.map(toEvidence), version: CLASSIFIER_VERSION };

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
  const needSource = requests.length > 1;
  const views = timeOrder(requests.map((req, i) => buildView(req, i, ctx, needSource)));
  const evidence = views.map((v) => runRequestSignals(v));
  const requestScores = evidence.map(combineWeights);
  runThreadSignals({ views, ctx, requestScores, out: evidence });

  const results = new Array<Classification>(requests.length);
  views.forEach((v, k) => {
    results[v.index] = decide(v, evidence[k]);
  });
  return results;
}

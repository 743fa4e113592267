// Linear-time helpers over a time-ordered thread, so that a message with thousands of requests
// costs no more than a pass or two over them.

import type { RequestView } from './view';

export const isClick = (v: RequestView) => v.req.kind === 'click';
export const linkKey = (v: RequestView) => v.req.linkIndex ?? -1;

/** Positions (in `views`) of the visible links' clicks: honeypot hits are judged on their own. */
export function visibleClicks(views: RequestView[]): number[] {
  const out: number[] = [];
  views.forEach((v, i) => {
    if (isClick(v) && !v.req.honeypot) out.push(i);
  });
  return out;
}

/**
 * Slides a window of `windowMs` over `positions` (time-ordered) and marks every member of each
 * window for which `qualifies(size, distinctLinks)` holds. One pass; each member marked once.
 */
export function markWindows(
  views: RequestView[],
  positions: number[],
  windowMs: number,
  qualifies: (size: number, distinctLinks: number) => boolean,
): boolean[] {
  const marked = positions.map(() => false);
  const perLink = new Map<number, number>();
  let start = 0;
  let markedTo = -1;
  for (let end = 0; end < positions.length; end++) {
    const at = views[positions[end]].req.at;
    const key = linkKey(views[positions[end]]);
    perLink.set(key, (perLink.get(key) ?? 0) + 1);
    while (at - views[positions[start]].req.at > windowMs) {
      const old = linkKey(views[positions[start]]);
      const left = (perLink.get(old) ?? 1) - 1;
      if (left === 0) perLink.delete(old);
      else perLink.set(old, left);
      start++;
    }
    if (qualifies(end - start + 1, perLink.size)) {
      for (let k = Math.max(start, markedTo + 1); k <= end; k++) marked[k] = true;
      markedTo = end;
    }
  }
  return marked;
}

/** Marked positions grouped into runs whose consecutive members are at most `gapMs` apart. */
export function clustersOf(
  views: RequestView[],
  positions: number[],
  marked: boolean[],
  gapMs: number,
): number[][] {
  const clusters: number[][] = [];
  let current: number[] = [];
  positions.forEach((p, k) => {
    if (!marked[k]) return;
    const previous = current[current.length - 1];
    if (previous !== undefined && views[p].req.at - views[previous].req.at > gapMs) {
      clusters.push(current);
      current = [];
    }
    current.push(p);
  });
  if (current.length > 0) clusters.push(current);
  return clusters;
}

/** First position whose time is >= `at` (views are time-ordered). */
export function firstAtOrAfter(views: RequestView[], at: number): number {
  let lo = 0;
  let hi = views.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (views[mid].req.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

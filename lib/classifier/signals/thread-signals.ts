// Signals over the sequence of one message's requests: bursts across links, every link clicked,
// a scanner's check around a person's click, clicks without an open, the hidden honeypot link.
// `views` are in time order; `out[i]` collects evidence for views[i].

import type { MessageContext } from '../types';
import { found, roundS, THRESHOLDS, type Found, type RequestView } from './view';

export interface ThreadInput {
  views: RequestView[];
  ctx: MessageContext;
  /** Combined request-level score of each view (before thread evidence). */
  requestScores: number[];
  out: Found[][];
}

type ThreadSignal = (input: ThreadInput) => void;

const isClick = (v: RequestView) => v.req.kind === 'click';
const linkKey = (v: RequestView) => (v.req.linkIndex ?? -1).toString();

/** Clicks within the window ending at each click; marks every click of a qualifying window. */
const linkBurst: ThreadSignal = ({ views, out }) => {
  const clicks = views.map((v, i) => ({ v, i })).filter(({ v }) => isClick(v) && !v.req.honeypot);
  const marked = new Set<number>();
  let start = 0;
  for (let end = 0; end < clicks.length; end++) {
    while (clicks[end].v.req.at - clicks[start].v.req.at > THRESHOLDS.burstWindowMs) start++;
    const window = clicks.slice(start, end + 1);
    const distinct = new Set(window.map(({ v }) => linkKey(v))).size;
    const burst =
      (window.length >= THRESHOLDS.burstMinClicks && distinct >= 2) ||
      window.length >= THRESHOLDS.burstMinSameLinkClicks;
    if (burst) for (const { i } of window) marked.add(i);
  }
  if (marked.size === 0) return;

  const members = [...marked].sort((a, b) => a - b);
  const first = views[members[0]];
  const last = views[members[members.length - 1]];
  const detail = {
    links: members.length,
    spanMs: last.req.at - first.req.at,
    ...(first.afterS === null ? {} : { afterDeliveryS: roundS(first.afterS) ?? 0 }),
  };
  for (const i of members) out[i].push(found('burst', 'link_burst', 0.95, detail));

  // The same source's pixel fetch around the burst is part of the same scan.
  const sources = new Set(members.map((i) => views[i].source));
  views.forEach((v, i) => {
    const near =
      v.req.at >= first.req.at - THRESHOLDS.burstWindowMs * 3 &&
      v.req.at <= last.req.at + THRESHOLDS.burstWindowMs;
    if (!isClick(v) && near && sources.has(v.source)) {
      out[i].push(found('burst', 'link_burst', 0.9, detail));
    }
  });
};

/** Every registered link clicked within a minute: nobody reads a message that way. */
const allLinksClicked: ThreadSignal = ({ views, ctx, out }) => {
  const total = ctx.linkCount;
  if (total === null || total < THRESHOLDS.allLinksMinLinks) return;
  const clicks = views
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => isClick(v) && !v.req.honeypot && (v.req.linkIndex ?? -1) >= 0);
  for (let s = 0; s < clicks.length; s++) {
    const window = clicks.filter(
      ({ v }) =>
        v.req.at >= clicks[s].v.req.at &&
        v.req.at - clicks[s].v.req.at <= THRESHOLDS.allLinksWindowMs,
    );
    const distinct = new Set(window.map(({ v }) => v.req.linkIndex)).size;
    if (distinct < total) continue;
    const spanMs = window[window.length - 1].v.req.at - window[0].v.req.at;
    for (const { i } of window) {
      out[i].push(found('all_links', 'all_links_clicked', 0.9, { links: total, spanMs }));
    }
    return;
  }
};

/**
 * Two clicks on one link from different sources: a time-of-click scanner checks the link just
 * before the person's own request; some scanners re-check it shortly after, from another system.
 */
const clickPairs: ThreadSignal = ({ views, requestScores, out }) => {
  const strong = (i: number) => requestScores[i] >= THRESHOLDS.automatedScore;
  for (let j = 0; j < views.length; j++) {
    const later = views[j];
    if (!isClick(later)) continue;
    for (let i = j - 1; i >= 0; i--) {
      const earlier = views[i];
      const gapMs = later.req.at - earlier.req.at;
      if (gapMs > THRESHOLDS.recheckMaxGapMs) break;
      if (!isClick(earlier) || linkKey(earlier) !== linkKey(later)) continue;
      if (earlier.source === later.source || gapMs <= 0) continue;

      if (gapMs <= THRESHOLDS.clickCheckMaxGapMs) {
        if (strong(j) && !strong(i)) continue; // the later one is the machine
        out[i].push(found('click_check', 'click_time_check', 0.9, { gapMs }));
        out[j].push(found('click_check', 'person_after_check', 0, { gapMs }));
      } else if (!strong(i) && earlier.ua.os !== later.ua.os) {
        out[j].push(found('click_check', 'recheck_after_click', 0.6, { gapMs }));
      }
      break;
    }
  }
};

/** Weak on its own: many people block images, so their clicks come without an open. */
const clickBeforeOpen: ThreadSignal = ({ views, out }) => {
  let opened = false;
  views.forEach((v, i) => {
    if (!isClick(v)) opened = true;
    else if (!opened && !v.req.honeypot) out[i].push(found('sequence', 'click_before_open', 0.3));
  });
};

/** The invisible link: its hit, and that source's clicks within seconds of it, are machines. */
const honeypot: ThreadSignal = ({ views, out }) => {
  const hits = views.filter((v) => v.req.honeypot);
  if (hits.length === 0) return;
  views.forEach((v, i) => {
    if (v.req.honeypot) {
      out[i].push(found('honeypot', 'honeypot_link', 0.99));
      return;
    }
    if (!isClick(v)) return;
    for (const hit of hits) {
      const gapMs = Math.abs(v.req.at - hit.req.at);
      if (hit.source === v.source && gapMs <= THRESHOLDS.honeypotWindowMs) {
        out[i].push(found('honeypot', 'honeypot_source', 0.95, { gapMs }));
        return;
      }
    }
  });
};

export const THREAD_SIGNALS: readonly ThreadSignal[] = [
  linkBurst,
  allLinksClicked,
  clickPairs,
  clickBeforeOpen,
  honeypot,
];

/** Signals that can fire on a message's first and only request. */
const SINGLE_REQUEST_SIGNALS: readonly ThreadSignal[] = [clickBeforeOpen, honeypot];

export function runThreadSignals(input: ThreadInput): void {
  const signals = input.views.length === 1 ? SINGLE_REQUEST_SIGNALS : THREAD_SIGNALS;
  for (const signal of signals) signal(input);
}

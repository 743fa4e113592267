// Signals over the sequence of one message's requests: bursts across links, every link clicked,
// a scanner's check around a person's click, clicks without an open, the hidden honeypot link.
// `views` are in time order; `out[i]` collects evidence for views[i].

import type { MessageContext } from '../types';
import { found, roundS, THRESHOLDS, type Found, type RequestView } from './view';
import {
  clustersOf,
  firstAtOrAfter,
  isClick,
  linkKey,
  markWindows,
  visibleClicks,
} from './windows';

export interface ThreadInput {
  views: RequestView[];
  ctx: MessageContext;
  /** Combined request-level score of each view (before thread evidence). */
  requestScores: number[];
  out: Found[][];
}

type ThreadSignal = (input: ThreadInput) => void;

/** The pixel fetch that accompanies a scan comes from the same source just before or during it. */
const OPEN_BEFORE_BURST_MS = THRESHOLDS.burstWindowMs * 3;

/** Three or more clicks on two or more links within seconds (or four on one): a scanner. */
const linkBurst: ThreadSignal = ({ views, out }) => {
  const clicks = visibleClicks(views);
  const marked = markWindows(
    views,
    clicks,
    THRESHOLDS.burstWindowMs,
    (size, links) =>
      (size >= THRESHOLDS.burstMinClicks && links >= 2) ||
      size >= THRESHOLDS.burstMinSameLinkClicks,
  );
  for (const members of clustersOf(views, clicks, marked, THRESHOLDS.burstWindowMs)) {
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
    const stop = last.req.at + THRESHOLDS.burstWindowMs;
    for (
      let i = firstAtOrAfter(views, first.req.at - OPEN_BEFORE_BURST_MS);
      i < views.length;
      i++
    ) {
      const v = views[i];
      if (v.req.at > stop) break;
      if (!isClick(v) && sources.has(v.source)) {
        out[i].push(found('burst', 'link_burst', 0.9, detail));
      }
    }
  }
};

/**
 * A scan of a one-link message is no burst: the pixel plus one click. When that click came too
 * soon after delivery for a person, the same source's pixel fetch around it is the same scan.
 */
const instantScanPixel: ThreadSignal = ({ views, out }) => {
  views.forEach((v, i) => {
    if (!isClick(v) || !out[i].some((e) => e.reason === 'instant_click')) return;
    const stop = v.req.at + THRESHOLDS.burstWindowMs;
    for (let k = firstAtOrAfter(views, v.req.at - OPEN_BEFORE_BURST_MS); k < views.length; k++) {
      const o = views[k];
      if (o.req.at > stop) break;
      if (isClick(o) || o.source !== v.source) continue;
      if (out[k].some((e) => e.reason === 'scan_pixel')) continue;
      out[k].push(found('scan_pixel', 'scan_pixel', 0.9, { gapMs: Math.abs(v.req.at - o.req.at) }));
    }
  });
};

/** Every registered link clicked within a minute: nobody reads a message that way. */
const allLinksClicked: ThreadSignal = ({ views, ctx, out }) => {
  const total = ctx.linkCount;
  if (total === null || total < THRESHOLDS.allLinksMinLinks) return;
  const clicks = visibleClicks(views).filter((i) => linkKey(views[i]) >= 0);
  const marked = markWindows(
    views,
    clicks,
    THRESHOLDS.allLinksWindowMs,
    (_size, links) => links >= total,
  );
  for (const members of clustersOf(views, clicks, marked, THRESHOLDS.allLinksWindowMs)) {
    const spanMs = views[members[members.length - 1]].req.at - views[members[0]].req.at;
    for (const i of members) {
      out[i].push(found('all_links', 'all_links_clicked', 0.9, { links: total, spanMs }));
    }
  }
};

/** How many earlier requests a click is compared with (keeps huge threads linear). */
const MAX_PAIR_LOOKBACK = 64;

/**
 * Two clicks on one link from different sources: a time-of-click scanner checks the link just
 * before the person's own request; some scanners re-check it shortly after, from another system.
 */
const clickPairs: ThreadSignal = ({ views, requestScores, out }) => {
  const strong = (i: number) => requestScores[i] >= THRESHOLDS.automatedScore;
  for (let j = 0; j < views.length; j++) {
    const later = views[j];
    if (!isClick(later)) continue;
    for (let i = j - 1; i >= Math.max(0, j - MAX_PAIR_LOOKBACK); i--) {
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
  const window = THRESHOLDS.honeypotWindowMs;
  views.forEach((v, i) => {
    if (v.req.honeypot) {
      out[i].push(found('honeypot', 'honeypot_link', 0.99));
      return;
    }
    if (!isClick(v)) return;
    for (let h = firstAtOrAfter(hits, v.req.at - window); h < hits.length; h++) {
      const gapMs = Math.abs(v.req.at - hits[h].req.at);
      if (hits[h].req.at - v.req.at > window) break;
      if (hits[h].source === v.source) {
        out[i].push(found('honeypot', 'honeypot_source', 0.95, { gapMs }));
        return;
      }
    }
  });
};

export const THREAD_SIGNALS: readonly ThreadSignal[] = [
  linkBurst,
  instantScanPixel,
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

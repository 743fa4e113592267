// Who made a request, in the corpus's terms, whatever the verdict: the most specific identity
// the user agent or the network gives, then what the behaviour implies.

import { allListNames } from './network';
import { listGroups, THRESHOLDS, type Found, type RequestView } from './signals/view';
import type { Fetcher } from './types';

const DISPLAY_NAMES: Record<Fetcher, string> = {
  apple_mpp: 'Apple Mail Privacy Protection',
  google_image_proxy: 'Gmail image proxy',
  yahoo_proxy: 'Yahoo Mail proxy',
  microsoft_safelinks: 'Microsoft Defender / Safe Links',
  outlook_scanning: 'Outlook link check',
  link_scanner: 'Email security link scanner',
  security_sandbox: 'Security sandbox',
  generic_bot: 'Bot or crawler',
  human: 'Person',
};

export function describeFetcher(fetcher: Fetcher): string {
  return DISPLAY_NAMES[fetcher];
}

function fetcherFromAgent(v: RequestView, evidence: Found[]): Fetcher | null {
  const ua = v.ua;
  const g = listGroups(allListNames);
  if (ua.officeDiscovery) return 'outlook_scanning';
  if (
    evidence.some((e) => e.reason === 'apple_privacy_relay' || e.reason === 'apple_mpp_user_agent')
  ) {
    return 'apple_mpp';
  }
  if (ua.googleImageProxy || (ua.gmailPrefetchAgent && (v.mask & g.google) !== 0)) {
    return 'google_image_proxy';
  }
  if (ua.yahooProxy) return 'yahoo_proxy';
  if (ua.sandbox) return 'security_sandbox';
  if (ua.scannerVendor) return 'link_scanner';
  const shape = ua.declaredBot || ua.missing || ua.garbage || ua.bareMozilla;
  if (shape || evidence.some((e) => e.reason === 'prefetch_header')) return 'generic_bot';
  return null;
}

const inBurst = (evidence: Found[]) =>
  evidence.some((e) => e.reason === 'link_burst' || e.reason === 'all_links_clicked');

/** A check of the same link just before or after the person's own click: a gateway's work. */
const aroundPersonsClick = (evidence: Found[]) =>
  evidence.some((e) => e.reason === 'click_time_check' || e.reason === 'recheck_after_click');

function fetcherFromNetwork(v: RequestView, evidence: Found[]): Fetcher | null {
  const g = listGroups(allListNames);
  const near = v.afterS === null || v.afterS <= THRESHOLDS.deliveryScanWindowS;
  if (v.mask & g.mailFilter) return 'microsoft_safelinks';
  if (v.mask & g.exchange && v.req.kind === 'click') return 'outlook_scanning';
  if (v.mask & g.scanner) return 'link_scanner';
  if (v.mask & g.cloudMicrosoft) return 'microsoft_safelinks';
  if (v.mask & g.googleOwn) return 'link_scanner';
  if (aroundPersonsClick(evidence)) return 'link_scanner';
  // Unnamed fetchers on Google Cloud that GET a single link (no burst across links) are
  // reported as URL sandboxes, whenever they come; gateway scans sweep every link instead.
  if (v.mask & g.cloudGoogle && v.req.kind === 'click' && !inBurst(evidence)) {
    return 'security_sandbox';
  }
  if (v.ua.headless) return near ? 'link_scanner' : 'generic_bot';
  if (v.mask & g.cloud) return near ? 'link_scanner' : 'security_sandbox';
  return null;
}

/** The fetcher of an automated request. */
export function attributeAutomated(v: RequestView, evidence: Found[]): Fetcher {
  // Behaviour alone (bursts, checks, honeypot, HEAD, timing) points at a link-scanning gateway.
  return fetcherFromAgent(v, evidence) ?? fetcherFromNetwork(v, evidence) ?? 'link_scanner';
}

/** The fetcher of a person's request: the mail proxy that carried it, or the person. */
export function attributeHuman(v: RequestView): Fetcher {
  if (v.ua.googleImageProxy) return 'google_image_proxy';
  if (v.ua.yahooProxy) return 'yahoo_proxy';
  return 'human';
}

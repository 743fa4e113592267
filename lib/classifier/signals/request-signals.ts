// Signals over one request on its own: method, timing against delivery, user agent, network.
// Each is small and pure; the order only matters for readability of the evidence list.

import { allListNames } from '../network';
import { found, listGroups, THRESHOLDS, withDelivery, type Found, type RequestView } from './view';

type RequestSignal = (v: RequestView, out: Found[]) => void;

const groups = () => listGroups(allListNames);
const has = (v: RequestView, bits: number) => (v.mask & bits) !== 0;
const isOpen = (v: RequestView) => v.req.kind === 'open';
const withinS = (v: RequestView, limit: number) => v.afterS !== null && v.afterS <= limit;

const method: RequestSignal = (v, out) => {
  if (v.method === 'HEAD') out.push(found('method', 'head_request', 0.95));
  else if (v.method !== 'GET') {
    out.push(found('method', 'unexpected_method', 0.97, { method: v.method.slice(0, 16) }));
  }
};

const beforeDelivery: RequestSignal = (v, out) => {
  if (v.afterS !== null && v.afterS < 0) {
    out.push(found('before_delivery', 'before_delivery', 0.95, { beforeDeliveryS: -v.afterS }));
  }
};

const userAgentShape: RequestSignal = (v, out) => {
  if (v.ua.missing) out.push(found('user_agent', 'missing_user_agent', 0.9));
  else if (v.ua.garbage) out.push(found('user_agent', 'garbage_user_agent', 0.95));
};

const prefetchHeader: RequestSignal = (v, out) => {
  const h = v.req.headers;
  const purpose = `${h['sec-purpose'] ?? ''} ${h['purpose'] ?? ''} ${h['x-moz'] ?? ''}`;
  if (/prefetch|prerender/i.test(purpose)) out.push(found('prefetch', 'prefetch_header', 0.9));
};

const declaredAgents: RequestSignal = (v, out) => {
  const ua = v.ua;
  if (ua.officeDiscovery) out.push(found('office_discovery', 'office_existence_discovery', 0.97));
  if (ua.scannerVendor) {
    out.push(found('scanner_agent', 'scanner_user_agent', 0.97, { vendor: ua.scannerVendor }));
  }
  if (ua.declaredBot) out.push(found('bot_agent', 'declared_bot', 0.97));
  if (ua.headless) out.push(found('headless', 'headless_browser', 0.95));
};

/** Apple MPP: relay address plus Apple's fetch agent, for opens only (Safari uses the relay). */
const applePrivacy: RequestSignal = (v, out) => {
  const { bareMozilla, appleMailWebKit, safari } = v.ua;
  const apple = has(v, groups().apple);
  if (isOpen(v) && apple && (bareMozilla || appleMailWebKit)) {
    out.push(found('apple_mpp', 'apple_privacy_relay', 0.97, withDelivery(v)));
  } else if (isOpen(v) && bareMozilla) {
    out.push(found('apple_mpp', 'apple_mpp_user_agent', 0.85));
  } else if (bareMozilla) {
    out.push(found('apple_mpp', 'declared_bot', 0.9));
  } else if (isOpen(v) && appleMailWebKit && !has(v, groups().named)) {
    out.push(found('apple_mpp', 'apple_mail_direct', 0));
  } else if (!isOpen(v) && safari && has(v, groups().appleRelay)) {
    out.push(found('apple_mpp', 'relay_browser', 0));
  }
};

/** Gmail's proxy is a person when it comes at a human time, automated at delivery. */
const googleProxy: RequestSignal = (v, out) => {
  if (v.ua.gmailPrefetchAgent && has(v, groups().google)) {
    out.push(found('gmail_prefetch', 'gmail_prefetch_agent', 0.95, withDelivery(v)));
    return;
  }
  if (!v.ua.googleImageProxy) return;
  if (!isOpen(v) || withinS(v, THRESHOLDS.proxyPrefetchWindowS)) {
    out.push(found('google_proxy', 'gmail_prefetch', 0.9, withDelivery(v)));
  } else {
    out.push(found('google_proxy', 'google_proxy_person', 0, withDelivery(v)));
  }
};

/** Yahoo's proxy: a person's open at a human time; fetching a link is the proxy itself. */
const yahooProxy: RequestSignal = (v, out) => {
  if (!v.ua.yahooProxy) return;
  if (!isOpen(v)) out.push(found('yahoo_proxy', 'yahoo_link_fetch', 0.9));
  else if (withinS(v, THRESHOLDS.proxyPrefetchWindowS)) {
    out.push(found('yahoo_proxy', 'yahoo_prefetch', 0.85, withDelivery(v)));
  } else out.push(found('yahoo_proxy', 'yahoo_proxy_person', 0, withDelivery(v)));
};

const microsoft: RequestSignal = (v, out) => {
  const g = groups();
  if (has(v, g.mailFilter)) {
    out.push(found('microsoft', 'microsoft_mail_filter', 0.97, withDelivery(v)));
  } else if (has(v, g.exchange)) {
    // Outlook on the web loads images for its reader; its servers only click to build previews.
    if (isOpen(v)) out.push(found('microsoft', 'outlook_image_proxy', 0));
    else out.push(found('microsoft', 'outlook_link_preview', 0.9));
  }
};

/** Gateways scan at delivery; later, a person may be browsing through the vendor's isolation. */
const securityGateway: RequestSignal = (v, out) => {
  if (!has(v, groups().scanner)) return;
  const vendor = allListNames()
    .find((name, bit) => name.startsWith('scanner_') && (v.mask & (1 << bit)) !== 0)
    ?.slice('scanner_'.length);
  const detail = withDelivery(v, vendor ? { vendor } : {});
  // Isolation services browse clicked links for a person; images are the mail client's own
  // business, so a gateway fetching the pixel is a scan whenever it comes.
  if (isOpen(v) || withinS(v, THRESHOLDS.deliveryScanWindowS)) {
    out.push(found('gateway', 'scanner_network', 0.95, detail));
    return;
  }
  out.push(found('gateway', 'scanner_network', 0.45, detail));
  out.push(found('gateway', 'browser_isolation', 0, detail));
};

const corporateProxy: RequestSignal = (v, out) => {
  if (has(v, groups().corporate)) out.push(found('corporate', 'corporate_proxy', 0));
};

function providerOf(v: RequestView): string {
  const name = allListNames().find(
    (n, bit) => n.startsWith('cloud_') && (v.mask & (1 << bit)) !== 0,
  );
  return name ? name.slice('cloud_'.length) : 'cloud';
}

/** Cloud space: people rarely click from it; opens from it are weaker evidence. */
const datacenter: RequestSignal = (v, out) => {
  const g = groups();
  if (!has(v, g.cloud) || has(v, g.named)) return;
  const detail = { provider: providerOf(v) };
  if (isOpen(v)) out.push(found('datacenter', 'datacenter_open', 0.65, detail));
  else out.push(found('datacenter', 'datacenter_click', 0.9, detail));
};

/** Right after delivery, on its own, is only a hint: fast readers exist. */
const nearDelivery: RequestSignal = (v, out) => {
  if (v.ua.googleImageProxy || v.ua.yahooProxy) return;
  if (v.afterS !== null && v.afterS >= 0 && v.afterS <= THRESHOLDS.deliveryScanWindowS) {
    out.push(found('timing', 'near_delivery', 0.5, withDelivery(v)));
  }
};

/** A click within seconds of delivery: nobody has read the message yet. */
const instantClick: RequestSignal = (v, out) => {
  if (isOpen(v) || v.afterS === null || v.afterS < 0) return;
  if (v.afterS <= THRESHOLDS.instantClickS) {
    out.push(found('timing', 'instant_click', 0.75, withDelivery(v)));
  }
};

const mailClient: RequestSignal = (v, out) => {
  if (v.ua.mailClient) out.push(found('client', 'mail_client', 0, { client: v.ua.mailClient }));
};

export const REQUEST_SIGNALS: readonly RequestSignal[] = [
  method,
  beforeDelivery,
  userAgentShape,
  prefetchHeader,
  declaredAgents,
  applePrivacy,
  googleProxy,
  yahooProxy,
  microsoft,
  securityGateway,
  corporateProxy,
  datacenter,
  nearDelivery,
  instantClick,
  mailClient,
];

export function runRequestSignals(v: RequestView): Found[] {
  const out: Found[] = [];
  for (const signal of REQUEST_SIGNALS) signal(v, out);
  return out;
}

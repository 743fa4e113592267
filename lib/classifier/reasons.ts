// The typed reason codes: what each means, which side of the verdict it supports, and how to
// say it in plain words using the evidence's detail.

type Detail = Record<string, string | number | boolean> | undefined;

interface ReasonDefinition {
  /** Short label for tables and filters. */
  label: string;
  /** Which verdict the reason supports. */
  side: 'automated' | 'human';
  explain: (detail: Detail) => string;
}

function num(detail: Detail, key: string): number | null {
  const value = detail?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** "45 s", "12 min", "3.2 h", "2.1 days" from seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

/** A millisecond detail as words, e.g. "0.9 s". */
function msText(detail: Detail, key: string): string {
  return formatDuration((num(detail, key) ?? 0) / 1000);
}

function afterDelivery(detail: Detail): string {
  const s = num(detail, 'afterDeliveryS');
  return s === null ? '' : `, ${formatDuration(s)} after delivery`;
}

function vendorOf(detail: Detail): string {
  const vendor = detail?.vendor;
  return typeof vendor === 'string' && vendor !== 'unknown' ? ` (${vendor})` : '';
}

const define = <T extends Record<string, ReasonDefinition>>(table: T) => table;

export const REASONS = define({
  apple_privacy_relay: {
    label: 'Apple Mail Privacy Protection',
    side: 'automated',
    explain: (d) => `fetched through Apple's privacy relay${afterDelivery(d)}`,
  },
  apple_mpp_user_agent: {
    label: 'Apple MPP user agent',
    side: 'automated',
    explain: () =>
      'image fetched with the bare "Mozilla/5.0" agent Apple Mail Privacy Protection uses',
  },
  gmail_prefetch: {
    label: 'Gmail delivery-time fetch',
    side: 'automated',
    explain: (d) =>
      `Gmail's image proxy fetched it at delivery${afterDelivery(d)}, before anyone read it`,
  },
  gmail_prefetch_agent: {
    label: 'Gmail prefetch agent',
    side: 'automated',
    explain: (d) => `Gmail's delivery-time prefetch agent${afterDelivery(d)}`,
  },
  yahoo_prefetch: {
    label: 'Yahoo delivery-time fetch',
    side: 'automated',
    explain: (d) => `Yahoo's mail proxy fetched it at delivery${afterDelivery(d)}`,
  },
  yahoo_link_fetch: {
    label: 'Yahoo proxy link fetch',
    side: 'automated',
    explain: () => "Yahoo's mail proxy fetched the link itself (it retrieves linked pages)",
  },
  microsoft_mail_filter: {
    label: 'Microsoft 365 mail filtering',
    side: 'automated',
    explain: (d) => `requested from Microsoft 365's mail-filtering network${afterDelivery(d)}`,
  },
  outlook_link_preview: {
    label: 'Outlook link preview',
    side: 'automated',
    explain: () => "Outlook's servers fetched the link to build a preview",
  },
  office_existence_discovery: {
    label: 'Office link check',
    side: 'automated',
    explain: () => 'Microsoft Office checked that the link exists before opening it',
  },
  scanner_user_agent: {
    label: 'Security scanner agent',
    side: 'automated',
    explain: (d) => `the request names a security scanner${vendorOf(d)}`,
  },
  scanner_network: {
    label: 'Security gateway network',
    side: 'automated',
    explain: (d) => `requested from an email security gateway${vendorOf(d)}${afterDelivery(d)}`,
  },
  datacenter_click: {
    label: 'Click from a datacenter',
    side: 'automated',
    explain: (d) => `clicked from a cloud or hosting network (${String(d?.provider ?? 'cloud')})`,
  },
  datacenter_open: {
    label: 'Open from a datacenter',
    side: 'automated',
    explain: (d) =>
      `image loaded from a cloud or hosting network (${String(d?.provider ?? 'cloud')})`,
  },
  near_delivery: {
    label: 'Right after delivery',
    side: 'automated',
    explain: (d) => `arrived within seconds of delivery${afterDelivery(d)}`,
  },
  instant_click: {
    label: 'Click seconds after delivery',
    side: 'automated',
    explain: (d) =>
      `a link was clicked before anyone could have read the message${afterDelivery(d)}`,
  },
  scan_pixel: {
    label: 'Image fetched by a scan',
    side: 'automated',
    explain: (d) =>
      `the image was fetched from the same network ${msText(d, 'gapMs')} from a link check ` +
      'made seconds after delivery',
  },
  head_request: {
    label: 'HEAD request',
    side: 'automated',
    explain: () => 'a HEAD request checks a link without opening it; people never send one',
  },
  unexpected_method: {
    label: 'Unusual request method',
    side: 'automated',
    explain: (d) =>
      `requested with ${String(d?.method ?? 'an unusual method')}, ` +
      'which browsers do not use for links',
  },
  before_delivery: {
    label: 'Before delivery',
    side: 'automated',
    explain: (d) =>
      `arrived ${formatDuration(num(d, 'beforeDeliveryS') ?? 0)} before the message was delivered`,
  },
  link_burst: {
    label: 'Burst of clicks',
    side: 'automated',
    explain: (d) =>
      `${num(d, 'links') ?? 'several'} links clicked within ${msText(d, 'spanMs')}` +
      afterDelivery(d),
  },
  all_links_clicked: {
    label: 'Every link clicked',
    side: 'automated',
    explain: (d) =>
      `all ${num(d, 'links') ?? ''} links of the message were clicked ` +
      `within ${msText(d, 'spanMs')}`,
  },
  click_time_check: {
    label: 'Check before the click',
    side: 'automated',
    explain: (d) =>
      `a scanner checked the link ${msText(d, 'gapMs')} before the person's own click`,
  },
  recheck_after_click: {
    label: 'Re-check after a click',
    side: 'automated',
    explain: (d) =>
      `the same link was fetched again ${msText(d, 'gapMs')} after a click, ` +
      'from another network and system',
  },
  click_before_open: {
    label: 'Click without an open',
    side: 'automated',
    explain: () => 'a link was clicked although the message was never opened',
  },
  honeypot_link: {
    label: 'Hidden link hit',
    side: 'automated',
    explain: () => 'the invisible link no person can see was followed',
  },
  honeypot_source: {
    label: 'Same source as a hidden-link hit',
    side: 'automated',
    explain: (d) =>
      `came from the source that followed the invisible link ${msText(d, 'gapMs')} apart`,
  },
  declared_bot: {
    label: 'Bot user agent',
    side: 'automated',
    explain: () => 'the user agent declares a bot, crawler, link-preview fetcher or HTTP library',
  },
  headless_browser: {
    label: 'Headless browser',
    side: 'automated',
    explain: () => 'a headless (scripted) browser',
  },
  missing_user_agent: {
    label: 'No user agent',
    side: 'automated',
    explain: () => 'the request carried no user agent; real mail clients and browsers send one',
  },
  garbage_user_agent: {
    label: 'Malformed user agent',
    side: 'automated',
    explain: () =>
      'the user agent is malformed (control bytes, injection text or runaway repetition)',
  },
  prefetch_header: {
    label: 'Browser prefetch',
    side: 'automated',
    explain: () => 'the browser prefetched the link speculatively (Sec-Purpose: prefetch)',
  },
  google_proxy_person: {
    label: 'Gmail open',
    side: 'human',
    explain: (d) => `opened in Gmail (loaded through Google's image proxy${afterDelivery(d)})`,
  },
  yahoo_proxy_person: {
    label: 'Yahoo Mail open',
    side: 'human',
    explain: (d) => `opened in Yahoo Mail (loaded through Yahoo's mail proxy${afterDelivery(d)})`,
  },
  outlook_image_proxy: {
    label: 'Outlook on the web open',
    side: 'human',
    explain: () => "opened in Outlook on the web (loaded through Microsoft's image proxy)",
  },
  apple_mail_direct: {
    label: 'Apple Mail (no privacy relay)',
    side: 'human',
    explain: () => 'Apple Mail loaded the image directly, without the privacy relay',
  },
  relay_browser: {
    label: 'Safari over Private Relay',
    side: 'human',
    explain: () => "a browser click through Apple's Private Relay (people browse through it too)",
  },
  browser_isolation: {
    label: 'Browser isolation',
    side: 'human',
    explain: (d) => `a person browsing through a security vendor's isolation service${vendorOf(d)}`,
  },
  corporate_proxy: {
    label: 'Corporate web proxy',
    side: 'human',
    explain: () => 'a person behind a corporate web proxy',
  },
  person_after_check: {
    label: "Person's click after a check",
    side: 'human',
    explain: () => "the person's own click, just after a scanner checked the link",
  },
  mail_client: {
    label: 'Mail client',
    side: 'human',
    explain: (d) => `${String(d?.client ?? 'a mail client')} loaded the image for its reader`,
  },
  ordinary_request: {
    label: 'Ordinary browser or client',
    side: 'human',
    explain: () => 'an ordinary browser or mail client with nothing automated about it',
  },
});

export type KnownReason = keyof typeof REASONS;

export function isKnownReason(code: string): code is KnownReason {
  return Object.hasOwn(REASONS, code);
}

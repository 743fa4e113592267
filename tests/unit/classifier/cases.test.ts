// Field cases C1-C3 and C11-C16 of the shared case list (C17 belongs to the server's address
// handling). Each asserts the exact verdict and fetcher.

import { describe, expect, it } from 'vitest';
import { explainReasons } from '@/lib/classifier';
import { brief, classify, click, IP, last, open, UA } from './build';

const C1_AGENT = UA.gmailPrefetch;

describe('field cases', () => {
  it('C1: Gmail prefetch within a minute of delivery is automated for all 50 messages', () => {
    const results = Array.from({ length: 50 }, (_, k) =>
      last([open('66.249.93.84', C1_AGENT, 1 + k)]),
    );
    expect(results.filter((c) => c.verdict === 'automated')).toHaveLength(50);
    expect(new Set(results.map((c) => c.fetcher))).toEqual(new Set(['google_image_proxy']));
    expect(results[0].reasons).toEqual(['gmail_prefetch_agent', 'near_delivery']);
  });

  it('C2: Gmail image proxy 40 minutes after delivery is a person', () => {
    const c = last([open('66.249.93.84', UA.googleProxy, 40 * 60)]);
    expect(brief(c)).toEqual({
      verdict: 'human',
      fetcher: 'google_image_proxy',
      reasons: ['google_proxy_person'],
    });
  });

  it('C3: 8 links within 900 ms from Microsoft filtering, 45 s after delivery', () => {
    const thread = Array.from({ length: 8 }, (_, k) =>
      click('40.107.1.1', UA.chromeWindows, 45 + (k * 0.9) / 7, { linkIndex: k }),
    );
    const results = classify(thread);
    for (const c of results) {
      expect(brief(c)).toEqual({
        verdict: 'automated',
        fetcher: 'microsoft_safelinks',
        reasons: ['microsoft_mail_filter', 'link_burst', 'near_delivery', 'click_before_open'],
      });
    }
    expect(explainReasons(results[7])[1]).toBe('8 links clicked within 0.9 s, 45 s after delivery');
  });

  it('C11: a HEAD request to a click URL is automated', () => {
    const c = last([
      open(IP.person, UA.thunderbird, 600),
      click(IP.person, UA.chromeWindows, 700, { method: 'HEAD' }),
    ]);
    expect(brief(c)).toEqual({
      verdict: 'automated',
      fetcher: 'link_scanner',
      reasons: ['head_request'],
    });
  });

  it('C12: a click before delivery is automated', () => {
    const c = last([click(IP.person, UA.chromeWindows, -2)]);
    expect(c.verdict).toBe('automated');
    expect(c.fetcher).toBe('link_scanner');
    expect(c.reasons[0]).toBe('before_delivery');
  });

  it('C13: a honeypot hit marks that source’s clicks within seconds, earlier ones too', () => {
    const results = classify([
      click(IP.person, UA.chromeWindows, 3000, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 3002, { linkIndex: 4, honeypot: true }),
      click(IP.person, UA.chromeWindows, 3004, { linkIndex: 1 }),
      click(IP.person2, UA.safariMac, 9000, { linkIndex: 1 }),
    ]);
    expect(results.map((c) => [c.verdict, c.fetcher])).toEqual([
      ['automated', 'link_scanner'],
      ['automated', 'link_scanner'],
      ['automated', 'link_scanner'],
      ['human', 'human'],
    ]);
  });

  it('C14: full Safari clicking from an iCloud Private Relay address is a person', () => {
    for (const ip of [IP.appleRelay, IP.appleRelayV6]) {
      const c = last([click(ip, UA.safariMac, 16_000)]);
      expect(brief(c)).toEqual({ verdict: 'human', fetcher: 'human', reasons: ['relay_browser'] });
    }
  });

  it('C15: exactly "Mozilla/5.0" fetching the pixel from Private Relay is Apple MPP', () => {
    for (const ip of [IP.appleRelay, IP.appleRelayV6]) {
      const c = last([open(ip, 'Mozilla/5.0', 900)]);
      expect(brief(c)).toEqual({
        verdict: 'automated',
        fetcher: 'apple_mpp',
        reasons: ['apple_privacy_relay'],
      });
      expect(explainReasons(c)).toEqual([
        "fetched through Apple's privacy relay, 15 min after delivery",
      ]);
    }
  });

  it('C16: the Apple Mail WebKit agent from a residential address is a person', () => {
    const c = last([open(IP.person, UA.appleMail, 7800)]);
    expect(brief(c)).toEqual({
      verdict: 'human',
      fetcher: 'human',
      reasons: ['apple_mail_direct'],
    });
  });

  it('a later burst revises the verdicts of earlier clicks', () => {
    const first = [click(IP.person, UA.chromeWindows, 300, { linkIndex: 0 })];
    expect(last(first).verdict).toBe('human');
    const thread = [
      ...first,
      click(IP.person, UA.chromeWindows, 300.2, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 300.4, { linkIndex: 2 }),
    ];
    expect(classify(thread).map((c) => c.verdict)).toEqual(['automated', 'automated', 'automated']);
  });

  it('classifies in time order whatever the order given, returning the caller’s order', () => {
    const a = click(IP.mimecast, UA.chromeWindows, 12_000);
    const b = click(IP.person, UA.chromeWindows, 12_002);
    expect(classify([b, a]).map((c) => c.verdict)).toEqual(['human', 'automated']);
  });

  it('uses stored network facts when the address has been erased', () => {
    const c = last([
      {
        ...open(IP.appleRelay, 'Mozilla/5.0', 900),
        ip: null,
        network: { prefix: '172.224.228.0/24', lists: ['apple_relay'] },
      },
    ]);
    expect(brief(c)).toEqual({
      verdict: 'automated',
      fetcher: 'apple_mpp',
      reasons: ['apple_privacy_relay'],
    });
  });

  it('gives each of two separate bursts its own explanation', () => {
    const burst = (fromS: number) =>
      [0, 1, 2].map((k) => click(IP.person, UA.chromeWindows, fromS + k * 0.2, { linkIndex: k }));
    const results = classify([...burst(10), ...burst(7200)]);
    expect(explainReasons(results[0])[0]).toBe('3 links clicked within 0.4 s, 10 s after delivery');
    expect(explainReasons(results[5])[0]).toBe('3 links clicked within 0.4 s, 2 h after delivery');
  });

  it('handles a huge thread in one pass (20,000 scanner clicks)', () => {
    const thread = Array.from({ length: 20_000 }, (_, k) =>
      click(IP.person, UA.chromeWindows, 30 + k * 0.01, { linkIndex: k % 7 }),
    );
    const results = classify(thread);
    expect(results.every((c) => c.verdict === 'automated')).toBe(true);
    expect(results[19_999].evidence.find((e) => e.reason === 'link_burst')?.detail?.links).toBe(
      20_000,
    );
  });
});

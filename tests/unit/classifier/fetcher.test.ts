// Who fetched: unnamed fetchers on Google Cloud that GET one link are URL sandboxes (the corpus
// rule "unknown GCP fetchers"); sweeps across links, and other clouds near delivery, are gateway
// scans.

import { describe, expect, it } from 'vitest';
import { classify, click, IP, last, open, UA } from './build';

describe('Google Cloud fetchers', () => {
  it('a lone click from Google Cloud seconds after delivery is a sandbox', () => {
    const c = last([click(IP.gcp, UA.chromeWindows, 4)]);
    expect([c.verdict, c.fetcher]).toEqual(['automated', 'security_sandbox']);
  });

  it('a lone click from Google Cloud hours later is a sandbox', () => {
    const c = last([click(IP.gcp, UA.chromeWindows, 5 * 3600)]);
    expect([c.verdict, c.fetcher]).toEqual(['automated', 'security_sandbox']);
  });

  it('a burst across links from Google Cloud is a link scanner', () => {
    const results = classify([
      click(IP.gcp, UA.chromeWindows, 4, { linkIndex: 0 }),
      click(IP.gcp, UA.chromeWindows, 4.5, { linkIndex: 1 }),
      click(IP.gcp, UA.chromeWindows, 5, { linkIndex: 2 }),
    ]);
    expect(results.map((c) => [c.verdict, c.fetcher])).toEqual([
      ['automated', 'link_scanner'],
      ['automated', 'link_scanner'],
      ['automated', 'link_scanner'],
    ]);
  });

  it('a lone click from other cloud space seconds after delivery is a link scanner', () => {
    const c = last([click(IP.aws, UA.chromeWindows, 4)]);
    expect([c.verdict, c.fetcher]).toEqual(['automated', 'link_scanner']);
  });

  it('a pixel fetch from Google Cloud near delivery is a link scanner', () => {
    const c = last([open(IP.gcp, UA.chromeWindows, 4)]);
    expect([c.verdict, c.fetcher]).toEqual(['automated', 'link_scanner']);
  });
});

describe('a re-check around the person’s click', () => {
  const person = click(IP.personV6, UA.safariMac, 3600);
  const recheck = click(IP.aws, UA.chromeWindows, 3612);

  it('cloud space re-checking the link 12 s after the person is a link scanner', () => {
    const [first, second] = classify([person, recheck]);
    expect([first.verdict, first.fetcher]).toEqual(['human', 'human']);
    expect([second.verdict, second.fetcher]).toEqual(['automated', 'link_scanner']);
    expect(second.reasons).toContain('recheck_after_click');
  });

  it('the same cloud click without the person’s click is a sandbox', () => {
    const c = last([recheck]);
    expect([c.verdict, c.fetcher]).toEqual(['automated', 'security_sandbox']);
  });
});

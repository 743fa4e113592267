import { describe, expect, it } from 'vitest';
import { nameClient, summariseClients } from '@/lib/reporting/clients';

const APPLE_MAIL_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const APPLE_MAIL_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 ' +
  '(KHTML, like Gecko) Mobile/15E148';
const GMAIL_PROXY =
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const OUTLOOK =
  'Mozilla/4.0 (compatible; ms-office; MSOffice 16) Microsoft Outlook 16.0.17328; Pro)';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/124.0.0.0 Mobile Safari/537.36';

describe('nameClient', () => {
  it.each([
    [APPLE_MAIL_MAC, 'Apple Mail', 'desktop (Mac)'],
    [APPLE_MAIL_IPHONE, 'Apple Mail', 'mobile (iOS)'],
    [GMAIL_PROXY, 'Gmail', 'unknown'],
    [OUTLOOK, 'Outlook', 'desktop'],
    [CHROME_ANDROID, 'Chrome', 'mobile (Android)'],
    ['', 'Unknown', 'unknown'],
  ])('%s', (agent, client, device) => {
    expect(nameClient(agent)).toEqual({ client, device });
  });
});

describe('summariseClients', () => {
  it('adds agents of one client together, human and automated apart', () => {
    const rows = summariseClients([
      { kind: 'open', verdict: 'human', userAgent: APPLE_MAIL_MAC, events: 3 },
      { kind: 'open', verdict: 'automated', userAgent: APPLE_MAIL_MAC, events: 2 },
      {
        kind: 'open',
        verdict: 'human',
        userAgent: APPLE_MAIL_MAC.replace('10_15_7', '14_4'),
        events: 1,
      },
      { kind: 'click', verdict: 'human', userAgent: CHROME_ANDROID, events: 7 },
    ]);
    expect(rows).toEqual([
      { kind: 'click', client: 'Chrome', device: 'mobile (Android)', human: 7, automated: 0 },
      { kind: 'open', client: 'Apple Mail', device: 'desktop (Mac)', human: 4, automated: 2 },
    ]);
  });
});

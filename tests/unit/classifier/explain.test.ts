// Plain-words explanations, fetcher display names and the client breakdown helper.

import { describe, expect, it } from 'vitest';
import {
  describeClient,
  describeFetcher,
  explainReasons,
  FETCHERS,
  formatDuration,
} from '@/lib/classifier';
import { classify, click, IP, last, open, UA } from './build';

describe('explainReasons', () => {
  it('says why in plain words, with the evidence detail', () => {
    const c = last([
      click(IP.mimecast, UA.chromeWindows, 12_000),
      click(IP.person, UA.chromeWindows, 12_002.5),
    ]);
    expect(explainReasons(c)).toEqual([
      "the person's own click, just after a scanner checked the link",
    ]);
    const [check] = classify([
      click(IP.mimecast, UA.chromeWindows, 12_000),
      click(IP.person, UA.chromeWindows, 12_002.5),
    ]);
    expect(explainReasons(check)).toEqual([
      "a scanner checked the link 2.5 s before the person's own click",
      'requested from an email security gateway (mimecast), 3.3 h after delivery',
      'a link was clicked although the message was never opened',
    ]);
  });

  it('says a click seconds after delivery came before anyone could read the message', () => {
    const c = last([click('40.94.89.19', UA.chromeWindows, 6)]);
    expect(explainReasons(c)[0]).toBe(
      'a link was clicked before anyone could have read the message, 6 s after delivery',
    );
  });

  it('says the pixel of a one-link scan came from the same network as the check', () => {
    const [pixel] = classify([
      open('68.232.140.7', UA.chromeWindows, 3),
      click('68.232.140.7', UA.chromeWindows, 4.5),
    ]);
    expect(explainReasons(pixel)[0]).toBe(
      'the image was fetched from the same network 1.5 s from a link check made seconds after ' +
        'delivery',
    );
  });

  it('passes unknown codes through unchanged', () => {
    expect(explainReasons({ reasons: ['from_the_future'], evidence: [] })).toEqual([
      'from_the_future',
    ]);
  });

  it.each([
    [0.94, '0.9 s'],
    [45, '45 s'],
    [900, '15 min'],
    [13_105, '3.6 h'],
    [600_000, '6.9 days'],
  ])('formatDuration(%d) = %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});

describe('describeFetcher', () => {
  it('names every fetcher', () => {
    expect(FETCHERS.map(describeFetcher)).toEqual([
      'Apple Mail Privacy Protection',
      'Gmail image proxy',
      'Yahoo Mail proxy',
      'Microsoft Defender / Safe Links',
      'Outlook link check',
      'Email security link scanner',
      'Security sandbox',
      'Bot or crawler',
      'Person',
    ]);
  });
});

describe('describeClient', () => {
  it.each([
    [UA.googleProxy, { client: 'Gmail', os: 'Unknown', device: 'unknown' }],
    [UA.yahooProxy, { client: 'Yahoo Mail', os: 'Unknown', device: 'unknown' }],
    [UA.appleMail, { client: 'Apple Mail', os: 'Mac OS 10.15.7', device: 'desktop' }],
    [UA.outlookDesktop, { client: 'Outlook', os: 'Unknown', device: 'desktop' }],
    [UA.thunderbird, { client: 'Thunderbird', os: 'Linux', device: 'desktop' }],
    [
      'Outlook-iOS/709.2189947.prod.iphone (3.24.0)',
      { client: 'Outlook mobile', os: 'iOS', device: 'mobile' },
    ],
    [UA.chromeAndroid, { client: 'Chrome', os: 'Android 10', device: 'mobile' }],
    [UA.safariIphone, { client: 'Mobile Safari', os: 'iOS 18.1', device: 'mobile' }],
    [null, { client: 'Unknown', os: 'Unknown', device: 'unknown' }],
  ])('%s', (ua, expected) => {
    expect(describeClient(ua)).toEqual(expected);
  });

  it('gives the same answer from its memo', () => {
    expect(describeClient(UA.appleMail)).toBe(describeClient(UA.appleMail));
  });
});

describe('open then click', () => {
  it('keeps a person a person through a whole ordinary thread', () => {
    const results = classify([
      open(IP.person, UA.thunderbird, 4000),
      click(IP.person2, UA.chromeWindows, 4100),
    ]);
    expect(results.map((c) => c.verdict)).toEqual(['human', 'human']);
  });
});

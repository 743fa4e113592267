// User-agent shapes found by the red-team corpus: attack payloads sent as the agent, and HTTP
// libraries isbot does not name. Both sides of each rule: real clients must stay clean.

import { describe, expect, it } from 'vitest';
import { analyseUserAgent, isGarbageUserAgent } from '@/lib/classifier/user-agent';
import { brief, IP, last, open, click, UA } from './build';

const PROBES = [
  "' OR '1'='1",
  "1' UNION SELECT NULL--",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '() { :; }; /bin/bash -c "id"',
  '<?php system($_GET[c]); ?>',
  '"><img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
];

const REAL_CLIENTS = [
  UA.chromeWindows,
  UA.safariIphone,
  UA.appleMail,
  UA.outlookDesktop,
  'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; Win64; x64; Trident/7.0; .NET4.0C; ' +
    '.NET4.0E; Microsoft Outlook 16.0.17928; ms-office; MSOffice 16)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like ' +
    'Gecko) Mobile/21F90 [FBAN/FBIOS;FBAV/479.0.0.33.109;FBBV/637241220;FBDV/iPhone14,5;' +
    'FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]',
  'Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 Mobile Safari/537.36 Instagram ' +
    '340.0.0.22.109 Android (34/14; 420dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US)',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.1',
  'Outlook-iOS/735.2345678.prod.iphone (4.2420.0)',
];

describe('user agents that are attack probes', () => {
  it.each(PROBES)('%s is garbage', (ua) => {
    expect(isGarbageUserAgent(ua)).toBe(true);
  });

  it.each(REAL_CLIENTS)('a real client is not garbage: %s', (ua) => {
    expect(isGarbageUserAgent(ua)).toBe(false);
    expect(analyseUserAgent(ua).declaredBot).toBe(false);
  });

  it('a probe from a residential address is an automated bot', () => {
    const c = last([click(IP.person, "' OR '1'='1", 3600)]);
    expect(brief(c)).toEqual({
      verdict: 'automated',
      fetcher: 'generic_bot',
      reasons: ['garbage_user_agent', 'click_before_open'],
    });
  });
});

describe('HTTP libraries isbot does not name', () => {
  it.each([
    'Dart/3.3 (dart:io)',
    'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.3570',
    'Mechanize/2.7.7 Ruby/2.7.8',
  ])('%s is a declared bot', (ua) => {
    expect(analyseUserAgent(ua).declaredBot).toBe(true);
  });

  it('a Dart client fetching the pixel from cloud space is an automated bot', () => {
    const c = last([open(IP.gcp, 'Dart/3.3 (dart:io)', 900)]);
    expect(brief(c)).toEqual({
      verdict: 'automated',
      fetcher: 'generic_bot',
      reasons: ['declared_bot', 'datacenter_open'],
    });
  });

  it('the same open with a browser agent stays a person', () => {
    const c = last([open(IP.gcp, UA.chromeWindows, 900)]);
    expect(c.verdict).toBe('human');
  });
});

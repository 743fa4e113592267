// Small builders for classifier tests: a message delivered at a fixed instant, and requests
// placed a given number of seconds after it.

import { classifyThread, type Classification, type TrackingRequest } from '@/lib/classifier';

export const DELIVERED = Date.UTC(2026, 5, 1, 12, 0, 0);

export const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/122.0.0.0 Safari/537.36',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    'Version/17.5 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like ' +
    'Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/124.0.0.0 Mobile Safari/537.36',
  appleMail:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  mppBare: 'Mozilla/5.0',
  googleProxy:
    'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  gmailPrefetch:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0',
  yahooProxy: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  thunderbird: 'Mozilla/5.0 (X11; Linux x86_64; rv:78.0) Gecko/20100101 Thunderbird/78.13.0',
  outlookDesktop: 'Microsoft Office/16.0 (Microsoft Outlook Mail 16.0.8008; Pro)',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'HeadlessChrome/86.0.4240.75 Safari/537.36',
  curl: 'curl/7.64.1',
  barracuda: 'Barracuda Sentinel (EE)',
  virustotal: 'AppEngine-Google; (+http://code.google.com/appengine; appid: s~virustotalcloud)',
  officeDiscovery: 'Microsoft Office Existence Discovery',
  msie10Preview: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0',
} as const;

/** Addresses by what the shipped lists say about them. */
export const IP = {
  person: '198.51.100.20',
  person2: '192.0.2.44',
  personV6: '2001:db8:1000::15',
  appleRelay: '172.224.228.37',
  appleRelayV6: '2a04:4e41:5620:0:a64:d448:8709:8a5e',
  apple17: '17.58.63.10',
  gmailProxy: '66.249.93.84',
  yahooProxy: '212.82.106.255',
  eop: '40.107.1.1',
  exchange: '132.245.26.156',
  exchangeV6: '2603:1000::b94:4eb4:322d:6402',
  proofpoint: '148.163.139.74',
  mimecast: '63.128.21.167',
  zscaler: '170.85.32.97',
  aws: '18.210.124.24',
  gcp: '34.69.45.236',
} as const;

type Options = Partial<Omit<TrackingRequest, 'kind' | 'ip' | 'userAgent' | 'at'>>;

export function open(ip: string, userAgent: string | null, afterS: number, o: Options = {}) {
  return request('open', ip, userAgent, afterS, o);
}

export function click(ip: string, userAgent: string | null, afterS: number, o: Options = {}) {
  return request('click', ip, userAgent, afterS, { linkIndex: 0, ...o });
}

function request(
  kind: TrackingRequest['kind'],
  ip: string,
  userAgent: string | null,
  afterS: number,
  o: Options,
): TrackingRequest {
  return {
    kind,
    method: 'GET',
    ip,
    userAgent,
    headers: {},
    at: DELIVERED + Math.round(afterS * 1000),
    ...o,
  };
}

export function classify(
  requests: TrackingRequest[],
  linkCount: number | null = null,
): Classification[] {
  return classifyThread({ deliveredAt: DELIVERED, linkCount }, requests);
}

/** The classification of the last request of a thread. */
export function last(requests: TrackingRequest[], linkCount: number | null = null): Classification {
  const all = classify(requests, linkCount);
  return all[all.length - 1];
}

/** verdict, fetcher and reasons only: what the tests pin down exactly. */
export function brief(c: Classification) {
  return { verdict: c.verdict, fetcher: c.fetcher, reasons: c.reasons };
}

// What the classifier reads from a User-Agent string, computed once per distinct string
// (user agents repeat heavily in real traffic) and kept in a bounded memo.

import { isbot } from 'isbot';

export type OsFamily = 'windows' | 'mac' | 'ios' | 'android' | 'linux' | 'other';

export interface UserAgentFacts {
  /** Header absent (null) or present but blank. */
  missing: boolean;
  garbage: boolean;
  /** Exactly "Mozilla/5.0": Apple Mail Privacy Protection's documented fetch agent. */
  bareMozilla: boolean;
  /** Apple Mail's WebKit agent without a browser's Version/Safari tokens. */
  appleMailWebKit: boolean;
  /** A full Safari agent (Version/x ... Safari/y). */
  safari: boolean;
  googleImageProxy: boolean;
  /** Gmail's delivery-time prefetch agent: a browser agent with "Mozilla/5.0" appended. */
  gmailPrefetchAgent: boolean;
  yahooProxy: boolean;
  officeDiscovery: boolean;
  /** Named security product (scanner or sandbox), e.g. "barracuda". */
  scannerVendor: string | null;
  sandbox: boolean;
  headless: boolean;
  /** A known mail client that fetches images itself, e.g. "Thunderbird". */
  mailClient: string | null;
  /** Self-declared crawler, HTTP library, preview fetcher (isbot, minus the cases above). */
  declaredBot: boolean;
  os: OsFamily;
}

const SCANNER_VENDORS: Array<[RegExp, string]> = [
  [/barracuda/i, 'barracuda'],
  [/kaspersky/i, 'kaspersky'],
  [/forti(gate|os|guard)/i, 'fortinet'],
  [/google-safety/i, 'google'],
  [/proofpoint/i, 'proofpoint'],
  [/mimecast/i, 'mimecast'],
  [/trend ?micro|\btmes\b/i, 'trendmicro'],
  [/sophos/i, 'sophos'],
  [/symantec|messagelabs/i, 'symantec'],
  [/ironport|cisco/i, 'cisco'],
  [/virustotal/i, 'virustotal'],
  [/urlscan|safebrowsing|linkscanner|link checker/i, 'unknown'],
];

/** Scripting clients and HTTP libraries isbot does not list (WindowsPowerShell/5.1 included). */
const SCRIPT_CLIENTS =
  /powershell\/|\bwinhttp\b|\blibwww-perl\b|\bdart\/\d|\bdart:io\b|\bmechanize\//i;

/**
 * Attack payloads sent as a user agent by probes: path traversal, markup or PHP injection, the
 * Shellshock prefix, SQL injection. No browser or mail client sends any of these shapes.
 */
const INJECTION_PROBE = new RegExp(
  [
    String.raw`\.\.[/\\]`,
    String.raw`<\s*[a-z?!/]`,
    String.raw`\(\)\s*\{`,
    String.raw`'\s*(or|and)\s*'`,
    String.raw`\bunion\s+(all\s+)?select\b`,
    String.raw`\bon(error|load)\s*=`,
  ].join('|'),
  'i',
);

const SANDBOX = /virustotal|any\.run|hybrid-analysis|joesandbox|cuckoo/i;
const HEADLESS =
  /headless|phantomjs|puppeteer|playwright|selenium|slimerjs|webdriver|jsdom|cypress/i;

const MAIL_CLIENTS: Array<[RegExp, string]> = [
  [/thunderbird/i, 'Thunderbird'],
  [/outlook-ios|outlook-android/i, 'Outlook mobile'],
  [/macoutlook/i, 'Outlook for Mac'],
  [/microsoft outlook|ms-office|msoffice|microsoft office\//i, 'Outlook'],
  [/windows-live-mail|windows live mail|windows mail/i, 'Windows Mail'],
  [/emclient|em client/i, 'eM Client'],
  [/samsungemail/i, 'Samsung Email'],
  [/android-gmail/i, 'Gmail app'],
  [/mailbird/i, 'Mailbird'],
  [/sparkdesktop|readdle-spark|spark\/\d/i, 'Spark'],
  [/airmail/i, 'Airmail'],
  [/postbox/i, 'Postbox'],
  [/evolution\/\d/i, 'Evolution'],
  [/kmail|claws-mail|mutt\/|alpine\//i, 'Unix mail client'],
  [/bluemail|edison|canary mail|superhuman|mimestream|protonmail|tutanota/i, 'Mail app'],
  [/yahoomobile|ymobile/i, 'Yahoo Mail app'],
  [/foxmail/i, 'Foxmail'],
  [/navermailapp/i, 'Naver Mail'],
  [/sparrow\/\d/i, 'Sparrow'],
  [/kontact\/\d/i, 'Kontact'],
  [/lotus-notes|zimbra|polymail|newton\/\d|mailspring/i, 'Mail app'],
];

const APPLE_WEBKIT_BARE = new RegExp(
  '^Mozilla/5\\.0 \\((Macintosh|iPhone|iPad|iPod)[^)]*\\) ' +
    'AppleWebKit/[\\d.]+ \\(KHTML, like Gecko\\)( Mobile/\\w+)?$',
);

/** Inputs no real client sends: control bytes, injection payloads, runaway repetition. */
export function isGarbageUserAgent(ua: string): boolean {
  if (ua.length > 1024) return true;
  if (/[\x00-\x08\x0e-\x1f\x7f]|\\x[0-9a-f]{2}|\$\{/.test(ua)) return true;
  if (INJECTION_PROBE.test(ua)) return true;
  if (!/[a-z]{2}/i.test(ua)) return true;
  if (/(.)\1{15,}/.test(ua)) return true;
  return hasRepeatedToken(ua, 4);
}

/** A token of 4+ characters occurring `times` or more: a fuzzed or concatenated agent. */
function hasRepeatedToken(ua: string, times: number): boolean {
  const counts = new Map<string, number>();
  for (const token of ua.split(/[\s;()]+/)) {
    if (token.length < 4) continue;
    const n = (counts.get(token) ?? 0) + 1;
    if (n >= times) return true;
    counts.set(token, n);
  }
  return false;
}

function detectOs(ua: string): OsFamily {
  if (/iphone|ipad|ipod|\bios\b/i.test(ua)) return 'ios';
  if (/android/i.test(ua)) return 'android';
  if (/windows/i.test(ua)) return 'windows';
  if (/mac os x|macintosh/i.test(ua)) return 'mac';
  if (/linux|x11|cros/i.test(ua)) return 'linux';
  return 'other';
}

function firstMatch(ua: string, table: Array<[RegExp, string]>): string | null {
  for (const [pattern, name] of table) if (pattern.test(ua)) return name;
  return null;
}

export function analyseUserAgent(raw: string | null): UserAgentFacts {
  const ua = raw ?? '';
  const missing = ua.trim() === '';
  const garbage = !missing && isGarbageUserAgent(ua);
  const googleImageProxy = /GoogleImageProxy/i.test(ua);
  const yahooProxy = /YahooMailProxy/i.test(ua);
  const officeDiscovery = /existence discovery|protocol discovery/i.test(ua);
  const scannerVendor = firstMatch(ua, SCANNER_VENDORS);
  const headless = HEADLESS.test(ua);
  const mailClient = firstMatch(ua, MAIL_CLIENTS);
  const bareMozilla = ua.trim() === 'Mozilla/5.0';
  const special =
    googleImageProxy || yahooProxy || officeDiscovery || bareMozilla || scannerVendor !== null;
  const declaredBot =
    !missing &&
    !garbage &&
    !special &&
    !headless &&
    mailClient === null &&
    (isbot(ua) || SCRIPT_CLIENTS.test(ua));

  return {
    missing,
    garbage,
    bareMozilla,
    appleMailWebKit: APPLE_WEBKIT_BARE.test(ua.trim()),
    safari: /Version\/[\d.]+ .*Safari\//.test(ua),
    googleImageProxy,
    gmailPrefetchAgent: /\)\s.*\S\sMozilla\/5\.0\s*$/.test(ua) && !googleImageProxy,
    yahooProxy,
    officeDiscovery,
    scannerVendor,
    sandbox: SANDBOX.test(ua),
    headless,
    mailClient,
    declaredBot,
    os: detectOs(ua),
  };
}

const MEMO_LIMIT = 20_000;
const memo = new Map<string, UserAgentFacts>();
const MISSING = analyseUserAgent(null);

/** Memoised `analyseUserAgent`; the memo is dropped whole when full (cheap, and bounded). */
export function userAgentFacts(ua: string | null): UserAgentFacts {
  if (ua === null) return MISSING;
  let facts = memo.get(ua);
  if (!facts) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    facts = analyseUserAgent(ua);
    memo.set(ua, facts);
  }
  return facts;
}

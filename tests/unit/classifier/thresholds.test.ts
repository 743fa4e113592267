// Both sides of every threshold, table-driven. Each row is a thread and the expected verdict and
// fetcher of one of its requests.

import { describe, expect, it } from 'vitest';
import {
  classifyThread,
  THRESHOLDS,
  type Fetcher,
  type TrackingRequest,
  type Verdict,
} from '@/lib/classifier';
import { classify, click, IP, open, UA } from './build';

interface Row {
  name: string;
  thread: TrackingRequest[];
  linkCount?: number;
  pick?: number;
  /** Classify with the delivery time unknown. */
  unknownDelivery?: boolean;
  verdict: Verdict;
  fetcher: Fetcher;
}

const T = THRESHOLDS;
const sameLink = (ip: string, times: number, fromS: number, stepS: number) =>
  Array.from({ length: times }, (_, k) => click(ip, UA.chromeWindows, fromS + k * stepS));
const opened = open(IP.person2, UA.thunderbird, 500);

const TABLE: Row[] = [
  // Gmail proxy: automated at delivery, a person afterwards.
  {
    name: 'gmail proxy just inside the prefetch window',
    thread: [open(IP.gmailProxy, UA.googleProxy, T.proxyPrefetchWindowS - 0.1)],
    verdict: 'automated',
    fetcher: 'google_image_proxy',
  },
  {
    name: 'gmail proxy just after the prefetch window',
    thread: [open(IP.gmailProxy, UA.googleProxy, T.proxyPrefetchWindowS + 0.1)],
    verdict: 'human',
    fetcher: 'google_image_proxy',
  },
  {
    name: 'yahoo proxy just inside the prefetch window',
    thread: [open(IP.yahooProxy, UA.yahooProxy, T.proxyPrefetchWindowS)],
    verdict: 'automated',
    fetcher: 'yahoo_proxy',
  },
  {
    name: 'yahoo proxy just after the prefetch window',
    thread: [open(IP.yahooProxy, UA.yahooProxy, T.proxyPrefetchWindowS + 0.1)],
    verdict: 'human',
    fetcher: 'yahoo_proxy',
  },
  // Security gateway networks: scans near delivery, isolation browsing later.
  {
    name: 'gateway click inside the scan window',
    thread: [click(IP.proofpoint, UA.chromeWindows, T.deliveryScanWindowS)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'gateway click after the scan window',
    thread: [click(IP.proofpoint, UA.chromeWindows, T.deliveryScanWindowS + 0.1)],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'gateway open long after delivery is still a scan',
    thread: [open(IP.proofpoint, UA.chromeWindows, 40_000)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'gateway click with unknown delivery time is isolation browsing',
    thread: [click(IP.proofpoint, UA.chromeWindows, 30)],
    unknownDelivery: true,
    verdict: 'human',
    fetcher: 'human',
  },
  // Datacenter opens need timing to tip over; datacenter clicks do not.
  {
    name: 'cloud open inside the scan window',
    thread: [open(IP.aws, UA.chromeWindows, T.deliveryScanWindowS)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'cloud open after the scan window',
    thread: [open(IP.aws, UA.chromeWindows, T.deliveryScanWindowS + 1)],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'cloud click late is a sandbox',
    thread: [opened, click(IP.aws, UA.chromeWindows, T.deliveryScanWindowS + 1)],
    verdict: 'automated',
    fetcher: 'security_sandbox',
  },
  {
    name: 'cloud click early is a scanner',
    thread: [click(IP.aws, UA.chromeWindows, T.deliveryScanWindowS)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  // A click seconds after delivery, from an address no list names.
  {
    name: 'click at the instant-click limit',
    thread: [click(IP.person, UA.chromeWindows, T.instantClickS)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'click just after the instant-click limit',
    thread: [click(IP.person, UA.chromeWindows, T.instantClickS + 0.1)],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'opened, then clicked at the instant-click limit',
    thread: [
      open(IP.person, UA.thunderbird, 2),
      click(IP.person, UA.chromeWindows, T.instantClickS),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'opened, then clicked just after the instant-click limit',
    thread: [
      open(IP.person, UA.thunderbird, 2),
      click(IP.person, UA.chromeWindows, T.instantClickS + 0.1),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'the pixel from the source of a click at the instant-click limit',
    thread: [
      open(IP.person, UA.chromeWindows, T.instantClickS - 1),
      click(IP.person, UA.chromeWindows, T.instantClickS),
    ],
    pick: 0,
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'the pixel from the source of a click just after the instant-click limit',
    thread: [
      open(IP.person, UA.chromeWindows, T.instantClickS - 0.9),
      click(IP.person, UA.chromeWindows, T.instantClickS + 0.1),
    ],
    pick: 0,
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'a pixel from another source before an instant click',
    thread: [
      open(IP.person2, UA.thunderbird, T.instantClickS - 1),
      click(IP.person, UA.chromeWindows, T.instantClickS),
    ],
    pick: 0,
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'an open at the instant-click limit is not a click',
    thread: [open(IP.person, UA.chromeWindows, T.instantClickS)],
    verdict: 'human',
    fetcher: 'human',
  },
  // Delivery time.
  {
    name: 'a tenth of a second before delivery',
    thread: [click(IP.person, UA.chromeWindows, -0.1)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'at delivery, ordinary open',
    thread: [open(IP.person, UA.thunderbird, 0)],
    verdict: 'human',
    fetcher: 'human',
  },
  // Bursts: three clicks on two or more links within the window.
  {
    name: 'three links within the burst window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 601, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 600 + T.burstWindowMs / 1000, { linkIndex: 2 }),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'three links just beyond the burst window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 601, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 600.1 + T.burstWindowMs / 1000, { linkIndex: 2 }),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'two links within a second is not yet a burst',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 600.5, { linkIndex: 1 }),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'one link hit three times quickly (double clicks)',
    thread: [opened, ...sameLink(IP.person, T.burstMinSameLinkClicks - 1, 600, 0.3)],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'one link hit four times quickly',
    thread: [opened, ...sameLink(IP.person, T.burstMinSameLinkClicks, 600, 0.3)],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  // Every link clicked, when the link count is known.
  {
    name: 'all three links within the window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 630, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 600 + T.allLinksWindowMs / 1000, { linkIndex: 2 }),
    ],
    linkCount: 3,
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'all three links beyond the window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 630, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 601 + T.allLinksWindowMs / 1000, { linkIndex: 2 }),
    ],
    linkCount: 3,
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'both links of a two-link message',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 610, { linkIndex: 1 }),
    ],
    linkCount: T.allLinksMinLinks - 1,
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'unknown link count never counts as all clicked',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 600, { linkIndex: 0 }),
      click(IP.person, UA.chromeWindows, 630, { linkIndex: 1 }),
      click(IP.person, UA.chromeWindows, 650, { linkIndex: 2 }),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  // Time-of-click check: the earlier of two clicks on one link from different sources.
  {
    name: 'check inside the gap',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 7000),
      click(IP.person2, UA.chromeWindows, 7000 + T.clickCheckMaxGapMs / 1000),
    ],
    pick: 1,
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'check beyond the gap, same system',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 7000),
      click(IP.person2, UA.chromeWindows, 7000.1 + T.clickCheckMaxGapMs / 1000),
    ],
    pick: 1,
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'same source twice is a double click',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 7000),
      click(IP.person, UA.chromeWindows, 7001),
    ],
    pick: 1,
    verdict: 'human',
    fetcher: 'human',
  },
  // Re-check after a click, from another network and system.
  {
    name: 're-check inside the window',
    thread: [
      click(IP.person, UA.safariMac, 30),
      click(IP.person2, UA.chromeWindows, 30 + T.recheckMaxGapMs / 1000),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 're-check beyond the window',
    thread: [
      click(IP.person, UA.safariMac, 30),
      click(IP.person2, UA.chromeWindows, 30.1 + T.recheckMaxGapMs / 1000),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  // Honeypot: the same source's clicks within the window.
  {
    name: 'click inside the honeypot window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 3000, { honeypot: true, linkIndex: 5 }),
      click(IP.person, UA.chromeWindows, 3000 + T.honeypotWindowMs / 1000, { linkIndex: 1 }),
    ],
    verdict: 'automated',
    fetcher: 'link_scanner',
  },
  {
    name: 'click beyond the honeypot window',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 3000, { honeypot: true, linkIndex: 5 }),
      click(IP.person, UA.chromeWindows, 3000.1 + T.honeypotWindowMs / 1000, { linkIndex: 1 }),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'another source near the honeypot hit',
    thread: [
      opened,
      click(IP.person, UA.chromeWindows, 3000, { honeypot: true, linkIndex: 5 }),
      click(IP.person2, UA.chromeWindows, 3020, { linkIndex: 1 }),
    ],
    verdict: 'human',
    fetcher: 'human',
  },
  // Combined score: weak hints alone stay human.
  {
    name: 'click without open right after delivery (two weak hints)',
    thread: [click(IP.person, UA.chromeWindows, 30)],
    verdict: 'human',
    fetcher: 'human',
  },
  {
    name: 'fast reader opening within a minute',
    thread: [open(IP.person, UA.thunderbird, 45)],
    verdict: 'human',
    fetcher: 'human',
  },
];

describe('thresholds, both sides', () => {
  it.each(TABLE)('$name', (row) => {
    const all = row.unknownDelivery
      ? classifyThread({ deliveredAt: null, linkCount: row.linkCount ?? null }, row.thread)
      : classify(row.thread, row.linkCount ?? null);
    const result = all[row.pick ?? all.length - 1];
    expect({ verdict: result.verdict, fetcher: result.fetcher }).toEqual({
      verdict: row.verdict,
      fetcher: row.fetcher,
    });
  });
});

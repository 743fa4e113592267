// npm run -s bench:classifier: classifier and address-lookup throughput on one core, with
// baselines measured in the same run (isbot alone; a linear scan over the same address lists).
// Prints figures and ends with `RESULT {json}`. Inputs come from a fixed-seed generator. Rates
// are per second of this process's CPU time (one thread), so a busy shared machine does not skew
// them; wall-clock rates are printed beside them.

import os from 'node:os';
import { isbot } from 'isbot';
import { classifyThread, lookupNetwork, type TrackingRequest } from '@/lib/classifier';
import { parseCidr, parseIp } from '@/lib/classifier/ip';
import { readShippedLists, resolveDataDir } from '@/lib/classifier/network';

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same inputs. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = createRandom(20261204);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const AGENTS = [
  'Mozilla/5.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like ' +
    'Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Microsoft Office/16.0 (Microsoft Outlook Mail 16.0.8008; Pro)',
  'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'HeadlessChrome/86.0.4240.75 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 ' +
    'Mobile Safari/537.36',
  'curl/7.64.1',
];

/** A random address inside a random entry of the shipped lists, or a random public address. */
function sampleAddresses(count: number): string[] {
  const entries = readShippedLists(resolveDataDir());
  const v4 = entries.filter((e) => !e.cidr.includes(':'));
  const v6 = entries.filter((e) => e.cidr.includes(':'));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const v6Turn = i % 2 === 1;
    const cidr = parseCidr(pick(v6Turn ? v6 : v4).cidr);
    if (!cidr) continue;
    if (cidr.version === 4) {
      const at = cidr.start4 + Math.floor(random() * (cidr.end4 - cidr.start4 + 1));
      out.push([24, 16, 8, 0].map((s) => Math.floor(at / 2 ** s) % 256).join('.'));
    } else if (cidr.start6) {
      const w = Array.from(cidr.start6);
      w[3] = (w[3] | Math.floor(random() * 65536)) >>> 0;
      out.push(w.flatMap((x) => [(x >>> 16).toString(16), (x & 0xffff).toString(16)]).join(':'));
    }
  }
  return out;
}

/**
 * Runs `run` and returns operations per second of CPU time used by this process (user + system).
 * The machine is shared, so wall-clock time would count the time other processes held the core;
 * both figures are printed.
 */
function timed(label: string, operations: number, run: () => void): number {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  run();
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perCpuSecond = Math.round(operations / cpuSeconds);
  const perWallSecond = Math.round(operations / wallSeconds);
  console.log(
    `${label.padEnd(52)} ${String(perCpuSecond).padStart(10)} /s of CPU ` +
      `(${String(perWallSecond).padStart(9)} /s wall; ${operations} ops)`,
  );
  return perCpuSecond;
}

const CTX = { deliveredAt: 0, linkCount: null };

function request(ip: string, userAgent: string, i: number): TrackingRequest {
  return {
    kind: i % 3 === 0 ? 'click' : 'open',
    method: 'GET',
    ip,
    userAgent,
    headers: {},
    at: (i % 5000) * 1000,
    linkIndex: i % 4,
  };
}

function main(): void {
  const [load1] = os.loadavg();
  console.log(`cores: ${os.cpus().length}, load average (1 min) at start: ${load1.toFixed(2)}`);
  const addresses = sampleAddresses(200_000);
  lookupNetwork(addresses[0]); // load the lists before timing
  const lookups = addresses.length * 5;
  const lookupRate = timed('address lookups, IPv4 and IPv6 mixed', lookups, () => {
    for (let k = 0; k < 5; k++) for (const a of addresses) lookupNetwork(a);
  });

  const repeating = Array.from({ length: 200_000 }, (_, i) =>
    request(pick(addresses), pick(AGENTS), i),
  );
  const distinct = Array.from({ length: 40_000 }, (_, i) =>
    request(pick(addresses), `${pick(AGENTS)} Build/${i}.${Math.floor(random() * 1e6)}`, i),
  );
  for (const r of repeating.slice(0, 1000)) classifyThread(CTX, [r]); // warm the JIT and memo

  const repeatingRate = timed('classify, user agents repeating', repeating.length, () => {
    for (const r of repeating) classifyThread(CTX, [r]);
  });
  const distinctRate = timed('classify, every user agent distinct', distinct.length, () => {
    for (const r of distinct) classifyThread(CTX, [r]);
  });

  // The live path: each new event is classified with the message's earlier events.
  const threadSize = 8;
  const threads = 10_000;
  const threadRate = timed(
    `live path, threads of ${threadSize} replayed event by event`,
    threads * threadSize,
    () => {
      for (let t = 0; t < threads; t++) {
        const thread: TrackingRequest[] = [];
        for (let k = 0; k < threadSize; k++) {
          thread.push(repeating[(t * threadSize + k) % repeating.length]);
          classifyThread(CTX, thread);
        }
      }
    },
  );

  const isbotRate = timed('baseline: isbot alone, user agents repeating', repeating.length, () => {
    for (const r of repeating) isbot(r.userAgent);
  });

  const ranges = readShippedLists(resolveDataDir()).map((e) => parseCidr(e.cidr));
  const scanSample = addresses.slice(0, 400);
  const scanRate = timed(
    `baseline: linear scan over ${ranges.length} ranges`,
    scanSample.length,
    () => {
      for (const a of scanSample) {
        const ip = parseIp(a);
        if (ip?.version !== 4) continue;
        ranges.filter((r) => r?.version === 4 && r.start4 <= ip.value && ip.value <= r.end4);
      }
    },
  );

  console.log(
    `RESULT ${JSON.stringify({
      classifications_per_s_repeating_ua: repeatingRate,
      classifications_per_s_distinct_ua: distinctRate,
      live_path_events_per_s_threads_of_8: threadRate,
      lookups_per_s: lookupRate,
      baseline_isbot_per_s: isbotRate,
      baseline_linear_scan_lookups_per_s: scanRate,
      load_average_at_start: Math.round(load1 * 100) / 100,
      targets_met: repeatingRate >= 200_000 && distinctRate >= 20_000 && lookupRate >= 2_000_000,
    })}`,
  );
}

main();

// The shipped address lists, loaded once at first use (never at import, so `next build` and
// tests that never classify do not pay for it), and the public address lookup.

import fs from 'node:fs';
import path from 'node:path';
import {
  CLOUD_PROVIDERS,
  parseAppleEgressCsv,
  parseCidrLines,
  parseGoogleFetchersJson,
  parseProxyScannerCsv,
  type ListEntry,
} from './address-lists';
import {
  formatPrefix,
  formatPrefix4,
  formatPrefix6,
  parseIp,
  parseIpv4,
  parseIpv6Fast,
  type ParsedIp,
} from './ip';
import {
  buildNetworkIndex,
  createMaskNamer,
  lookup4,
  lookup6,
  lookupMask,
  type NetworkIndex,
} from './network-index';
import type { NetworkFacts } from './types';

const DATA_SUBDIR = path.join('lib', 'classifier', 'data');
const MARKER = 'apple-egress-ip-ranges.csv';

/**
 * The data folder: $VERITY_CLASSIFIER_DATA_DIR, else lib/classifier/data under the working
 * directory or one of its parents (tsx, vitest, next and the bundled server all run from the
 * repository root or below it).
 */
export function resolveDataDir(): string {
  const configured = process.env.VERITY_CLASSIFIER_DATA_DIR;
  if (configured) return configured;
  let dir = process.cwd();
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, DATA_SUBDIR);
    if (fs.existsSync(path.join(candidate, MARKER))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`classifier data not found: no ${DATA_SUBDIR} above ${process.cwd()}`);
}

/** Every entry of every shipped list, from the files in `dir`. */
export function readShippedLists(dir: string): ListEntry[] {
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const entries: ListEntry[] = [
    ...parseAppleEgressCsv(read('apple-egress-ip-ranges.csv')),
    ...parseGoogleFetchersJson(read('google-user-triggered-fetchers-google.json')),
    ...parseProxyScannerCsv(read('proxy-scanner-ip-ranges.csv')),
  ];
  for (const provider of CLOUD_PROVIDERS) {
    for (const family of ['ipv4', 'ipv6']) {
      const file = path.join('cloud', `${provider}-${family}.txt`);
      if (fs.existsSync(path.join(dir, file))) {
        entries.push(...parseCidrLines(read(file), `cloud_${provider}`));
      }
    }
  }
  return entries;
}

interface LoadedNetworks {
  index: NetworkIndex;
  namesOf: (mask: number) => string[];
  bitOf: Map<string, number>;
}

let loaded: LoadedNetworks | null = null;

/** Reused by lookupNetwork's IPv6 path (single-threaded; never escapes the call). */
const scratch6 = new Uint32Array(4);

function loadNetworks(): LoadedNetworks {
  if (loaded) return loaded;
  const index = buildNetworkIndex(readShippedLists(resolveDataDir()));
  const bitOf = new Map(index.names.map((name, bit) => [name, bit] as const));
  loaded = { index, namesOf: createMaskNamer(index), bitOf };
  return loaded;
}

/** Bit of a list name in masks returned by `networkMask` (-1 when the list is not shipped). */
export function listBit(name: string): number {
  return loadNetworks().bitOf.get(name) ?? -1;
}

/** Names of the lists in a mask. */
export function listNames(mask: number): string[] {
  return loadNetworks().namesOf(mask);
}

/** Mask of lists for a list of names (used when only stored network facts remain). */
export function maskOfNames(names: readonly string[]): number {
  let mask = 0;
  for (const name of names) {
    const bit = listBit(name);
    if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}

/** Mask of lists containing an already parsed address. */
export function maskOfParsed(ip: ParsedIp): number {
  return lookupMask(loadNetworks().index, ip);
}

/** Mask of lists containing `ip`; 0 for an unparseable address. */
export function networkMask(ip: string): number {
  const parsed = parseIp(ip);
  return parsed ? lookupMask(loadNetworks().index, parsed) : 0;
}

/**
 * Prefix and list names for an address. The returned `lists` array is shared and frozen: copy
 * it before changing it.
 */
export function lookupNetwork(ip: string): NetworkFacts {
  if (!ip.includes(':')) {
    // IPv4 without allocating a parsed address: most clients, and the benchmark's hot path.
    const value = parseIpv4(ip);
    if (value < 0) return { prefix: '', lists: [] };
    const { index, namesOf } = loadNetworks();
    return { prefix: formatPrefix4(value), lists: namesOf(lookup4(index, value)) };
  }
  if (!ip.includes('.') && !ip.includes('%') && parseIpv6Fast(ip, scratch6)) {
    const { index, namesOf } = loadNetworks();
    const w = scratch6;
    if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) {
      return { prefix: formatPrefix4(w[3]), lists: namesOf(lookup4(index, w[3])) };
    }
    return { prefix: formatPrefix6(w), lists: namesOf(lookup6(index, w)) };
  }
  const parsed = parseIp(ip);
  if (!parsed) return { prefix: '', lists: [] };
  const { index, namesOf } = loadNetworks();
  return { prefix: formatPrefix(parsed), lists: namesOf(lookupMask(index, parsed)) };
}

/** Parse failures while building the index (should be none for the shipped files). */
export function rejectedListEntries(): string[] {
  return loadNetworks().index.rejected;
}

/** Names of every shipped list, by bit position. */
export function allListNames(): readonly string[] {
  return loadNetworks().index.names;
}

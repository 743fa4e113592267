// Address → set of lists, by binary search over elementary intervals. Every list gets one bit;
// overlapping ranges are flattened once at build time, so a lookup is one search per family.

import type { ListEntry } from './address-lists';
import { parseCidr, type ParsedIp } from './ip';

export interface NetworkIndex {
  /** List names by bit position. */
  names: readonly string[];
  starts4: Float64Array;
  masks4: Int32Array;
  /** Four words per boundary. */
  starts6: Uint32Array;
  masks6: Int32Array;
  /**
   * For each value of an address's top 16 bits, how many boundaries start below that block:
   * narrows each binary search to the boundaries of one /16 (IPv4) or /16 of IPv6 space.
   */
  firstBelow4: Int32Array;
  firstBelow6: Int32Array;
  /** Entries that did not parse (kept for the data tests, never thrown at request time). */
  rejected: string[];
}

interface Boundary4 {
  at: number;
  bit: number;
  delta: 1 | -1;
}

interface Boundary6 {
  at: Uint32Array;
  bit: number;
  delta: 1 | -1;
}

function compareWords(a: Uint32Array, b: Uint32Array): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** The next 128-bit value, or null on overflow (the range runs to the end of the space). */
function incrementWords(words: Uint32Array): Uint32Array | null {
  const out = Uint32Array.from(words);
  for (let i = 3; i >= 0; i--) {
    if (out[i] !== 0xffffffff) {
      out[i]++;
      return out;
    }
    out[i] = 0;
  }
  return null;
}

/** Walks sorted boundaries, keeping a per-list count, and emits one mask per interval. */
function sweep<T extends { bit: number; delta: 1 | -1 }>(
  boundaries: T[],
  samePoint: (a: T, b: T) => boolean,
  emit: (b: T, mask: number) => void,
): void {
  const counts = new Int32Array(32);
  let mask = 0;
  let previous = -1;
  for (let i = 0; i < boundaries.length; i++) {
    const b = boundaries[i];
    counts[b.bit] += b.delta;
    mask = counts[b.bit] > 0 ? mask | (1 << b.bit) : mask & ~(1 << b.bit);
    const next = boundaries[i + 1];
    if (next && samePoint(b, next)) continue;
    if (mask !== previous) emit(b, mask);
    previous = mask;
  }
}

export function buildNetworkIndex(entries: ListEntry[]): NetworkIndex {
  const names: string[] = [];
  const bitOf = new Map<string, number>();
  const b4: Boundary4[] = [];
  const b6: Boundary6[] = [];
  const rejected: string[] = [];

  for (const entry of entries) {
    const cidr = parseCidr(entry.cidr);
    if (!cidr) {
      rejected.push(`${entry.list}:${entry.cidr}`);
      continue;
    }
    let bit = bitOf.get(entry.list);
    if (bit === undefined) {
      bit = names.length;
      if (bit > 30) throw new Error('network index: more than 31 lists');
      names.push(entry.list);
      bitOf.set(entry.list, bit);
    }
    if (cidr.version === 4) {
      b4.push({ at: cidr.start4, bit, delta: 1 });
      b4.push({ at: cidr.end4 + 1, bit, delta: -1 });
    } else if (cidr.start6 && cidr.end6) {
      b6.push({ at: cidr.start6, bit, delta: 1 });
      const after = incrementWords(cidr.end6);
      if (after) b6.push({ at: after, bit, delta: -1 });
    }
  }

  b4.sort((a, b) => a.at - b.at);
  b6.sort((a, b) => compareWords(a.at, b.at));

  const starts4: number[] = [];
  const masks4: number[] = [];
  sweep(
    b4,
    (a, b) => a.at === b.at,
    (b, mask) => {
      starts4.push(b.at);
      masks4.push(mask);
    },
  );
  const starts6: number[] = [];
  const masks6: number[] = [];
  sweep(
    b6,
    (a, b) => compareWords(a.at, b.at) === 0,
    (b, mask) => {
      starts6.push(b.at[0], b.at[1], b.at[2], b.at[3]);
      masks6.push(mask);
    },
  );

  const top6 = masks6.map((_, k) => starts6[k * 4] >>> 16);
  return {
    names,
    starts4: Float64Array.from(starts4),
    masks4: Int32Array.from(masks4),
    starts6: Uint32Array.from(starts6),
    masks6: Int32Array.from(masks6),
    firstBelow4: countBelowEachBlock(starts4.map((start) => Math.floor(start / 65536))),
    firstBelow6: countBelowEachBlock(top6),
    rejected,
  };
}

/** `out[h]` = number of sorted boundaries whose top 16 bits are below h, for h in 0..65536. */
function countBelowEachBlock(sortedTops: number[]): Int32Array {
  const out = new Int32Array(65537);
  let k = 0;
  for (let h = 0; h <= 65536; h++) {
    while (k < sortedTops.length && sortedTops[k] < h) k++;
    out[h] = k;
  }
  return out;
}

export function lookup4(index: NetworkIndex, value: number): number {
  const starts = index.starts4;
  const block = Math.floor(value / 65536);
  // The answer is the last boundary at or below the address: in this block, or the one before.
  let lo = Math.max(0, index.firstBelow4[block] - 1);
  let hi = index.firstBelow4[block + 1] - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? 0 : index.masks4[found];
}

function lessOrEqual6(starts: Uint32Array, at: number, w: Uint32Array): boolean {
  const base = at * 4;
  for (let i = 0; i < 4; i++) {
    const s = starts[base + i];
    if (s !== w[i]) return s < w[i];
  }
  return true;
}

export function lookup6(index: NetworkIndex, words: Uint32Array): number {
  const block = words[0] >>> 16;
  let lo = Math.max(0, index.firstBelow6[block] - 1);
  let hi = index.firstBelow6[block + 1] - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (lessOrEqual6(index.starts6, mid, words)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? 0 : index.masks6[found];
}

/** Bit mask of the lists containing the address. */
export function lookupMask(index: NetworkIndex, ip: ParsedIp): number {
  return ip.version === 4 ? lookup4(index, ip.value) : lookup6(index, ip.words);
}

/** Names for a mask, memoised per mask so lookups allocate nothing after warm-up. */
export function createMaskNamer(index: NetworkIndex): (mask: number) => string[] {
  const cache = new Map<number, string[]>();
  return (mask) => {
    let names = cache.get(mask);
    if (!names) {
      names = index.names.filter((_, bit) => (mask & (1 << bit)) !== 0);
      Object.freeze(names);
      cache.set(mask, names);
    }
    return names;
  };
}

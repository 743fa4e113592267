// The tracking path's process-wide state: event store, caches, address budget and counters.
// Kept on globalThis because the custom server's bundle and Next.js's route bundles each load
// this module, and both must share one store (one spool writer) and one set of caches.
import { performance } from 'node:perf_hooks';
import { getDb, type SqlClient } from '../db';
import { DropCounter } from '../events/drop-counts';
import { EventStore } from '../events/event-store';
import { AddressBudget } from './address-budget';
import { TargetLookup } from './lookup';
import { hitPlacer } from './place-hits';
import { readTrackingSettings, type TrackingSettings } from './settings';
import { ThreadCache } from './thread-cache';

export interface TrackingCounters {
  acknowledged: number;
  invalidToken: number;
  unknownTarget: number;
}

export interface TrackingRuntime {
  settings: TrackingSettings;
  store: EventStore;
  lookup: TargetLookup;
  threads: ThreadCache;
  budget: AddressBudget;
  drops: DropCounter;
  counters: TrackingCounters;
  close(): Promise<void>;
}

const GLOBAL_KEY = Symbol.for('verity.tracking-runtime');
type Holder = { [GLOBAL_KEY]?: TrackingRuntime };

const DROP_FLUSH_MS = 10_000;

async function getSql(): Promise<SqlClient> {
  return (await getDb()).sql;
}

export function createTrackingRuntime(settings = readTrackingSettings()): TrackingRuntime {
  const lookup = new TargetLookup({ getSql, dbTimeoutMs: settings.dbTimeoutMs });
  const threads = new ThreadCache({ getSql, window: settings.threadWindow });
  const drops = new DropCounter(getSql);
  const store = new EventStore({
    getSql,
    prepare: hitPlacer(lookup, threads),
    dbTimeoutMs: settings.dbTimeoutMs,
    spoolDir: settings.spoolDir,
    writeAhead: settings.writeAhead,
    loadEveryMs: settings.spoolLoadMs,
    isBusy: busySince(),
    maxLoadDelayMs: settings.spoolMaxDelayMs,
    afterLoad: () => drops.flush(),
    onLost: (hit, reason) =>
      drops.count(
        hit.accountId,
        reason === 'unknown_target' ? 'unknown_target' : 'unrecorded',
        hit.occurredAt,
      ),
  });
  const timer = setInterval(() => void drops.flush(), DROP_FLUSH_MS);
  timer.unref();

  return {
    settings,
    store,
    lookup,
    threads,
    budget: new AddressBudget(settings.addressRate, settings.addressBurst),
    drops,
    counters: { acknowledged: 0, invalidToken: 0, unknownTarget: 0 },
    async close() {
      clearInterval(timer);
      await store.close();
      await drops.flush();
    },
  };
}

/** Event-loop utilisation above which the process counts as busy answering. */
const BUSY_UTILISATION = 0.6;

/** Whether the event loop was mostly occupied since the previous call. */
function busySince(): () => boolean {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization > BUSY_UTILISATION;
    last = now;
    return busy;
  };
}

/** The process's tracking runtime, created on first use. */
export function getTrackingRuntime(): TrackingRuntime {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= createTrackingRuntime();
  return holder[GLOBAL_KEY];
}

/** Closes and forgets the runtime (tests; server shutdown). */
export async function closeTrackingRuntime(): Promise<void> {
  const holder = globalThis as Holder;
  const runtime = holder[GLOBAL_KEY];
  delete holder[GLOBAL_KEY];
  if (runtime) await runtime.close();
}

/** Makes `runtime` the process's tracking runtime (tests with particular settings). */
export function useTrackingRuntime(runtime: TrackingRuntime): void {
  (globalThis as Holder)[GLOBAL_KEY] = runtime;
}

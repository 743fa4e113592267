// The shape of the isolation inventory (see inventory.ts).
import type { Seed } from '../auth/support/seed';

export type IdKind =
  | 'account'
  | 'user'
  | 'apiKey'
  | 'invitation'
  | 'campaign'
  | 'message'
  | 'link'
  | 'event'
  | 'send';

export interface ProbeEnv {
  seed: Seed;
  /** Account A's API key. */
  apiKey: string;
}

export type Probe =
  | {
      type: 'id';
      name: string;
      idKind: IdKind;
      call: (id: string, env: ProbeEnv) => Promise<unknown>;
      /**
       * False for a filter, where a missing id is answered with an empty result rather than
       * refused; the foreign id must still be answered exactly the same.
       */
      refuses?: boolean;
    }
  | { type: 'leak'; name: string; call: (env: ProbeEnv) => Promise<unknown> };

export interface InventoryEntry {
  /** Path from the repository root. */
  file: string;
  kind: 'page' | 'route' | 'action';
  /** Route: its HTTP methods. Action file: its exported actions. */
  exports?: string[];
  access: 'public' | 'session' | 'apiKey';
  /** Why a public entry is safe, or why a non-public one has no id to try. */
  reason?: string;
  probes: Probe[];
}

/** Fields of a server action's form. */
export function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

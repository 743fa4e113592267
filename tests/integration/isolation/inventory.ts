// Every page, route handler and server action of the product, and how the isolation suite
// attacks it. tests/integration/isolation/inventory.test.ts fails when a file exists that is not
// listed here (or an export of it is not), so a new route cannot escape the suite.
//
// access:  public  - no account data behind it; `reason` says why it is safe
//          session - a signed-in member; probed as every role of account A
//          apiKey  - /api/v1 with account A's key
// probes:  id      - called with account B's id and with a missing id: both must be refused,
//                    with identical answers (status, body, error) once the id is masked
//          leak    - called as account A: the answer must mention nothing of account B
import { accountsPart } from './inventory-accounts';
import { deliveryReports, reportingApi, sendingApi } from './inventory-api';
import { dashboardPages, publicEndpoints } from './inventory-others';
import type { InventoryEntry } from './inventory-types';

export type { IdKind, InventoryEntry, Probe, ProbeEnv } from './inventory-types';

export const INVENTORY: InventoryEntry[] = [
  ...accountsPart,
  ...reportingApi,
  ...sendingApi,
  ...deliveryReports,
  ...publicEndpoints,
  ...dashboardPages,
];

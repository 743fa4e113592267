// The one storage interface reporting reads through. Every query takes the account id first and
// filters by it inside the SQL. Today it is PostgreSQL (server or embedded) with trigger-kept
// rollups; a column store could implement the same interface without touching pages or routes.
import { getDb, type SqlExecutor } from '@/lib/db';
import type { CampaignCounts } from './metrics';
import { readAccountSettings, type AccountSettings } from './queries/account-settings';
import { readAgentBreakdown, type AgentRow } from './queries/agent-breakdown';
import { readCampaignCounts } from './queries/campaign-counts';
import {
  listCampaignRows,
  readCampaignRow,
  type CampaignListFilter,
  type CampaignRow,
} from './queries/campaign-list';
import {
  iterateCampaignEvents,
  countEventRows,
  readEventRows,
  type EventFilter,
  type EventView,
} from './queries/event-rows';
import { readFetcherBreakdown, type FetcherRow } from './queries/fetcher-breakdown';
import { readLinkTable, type LinkRow } from './queries/link-table';
import { readMessageRow, type MessageView } from './queries/message-row';
import { readTimeSeries, type TimeSeries, type TimeSeriesQuery } from './queries/time-series';
import {
  readDropSeries,
  readDropTotals,
  type DropBucket,
  type DropRange,
  type DropReasonTotal,
  type DropSeriesQuery,
} from './queries/tracking-drops';

export interface ReportingStore {
  accountSettings(accountId: string): Promise<AccountSettings | null>;
  campaigns(accountId: string, filter: CampaignListFilter): Promise<CampaignRow[]>;
  campaign(accountId: string, campaignId: string): Promise<CampaignRow | null>;
  campaignCounts(
    accountId: string,
    campaignIds: readonly string[],
  ): Promise<Map<string, CampaignCounts>>;
  timeSeries(accountId: string, campaignId: string, query: TimeSeriesQuery): Promise<TimeSeries>;
  fetchers(accountId: string, campaignId: string): Promise<FetcherRow[]>;
  links(accountId: string, campaignId: string): Promise<LinkRow[]>;
  agents(accountId: string, campaignId: string): Promise<AgentRow[]>;
  events(accountId: string, filter: EventFilter): Promise<EventView[]>;
  countEvents(
    accountId: string,
    filter: Pick<EventFilter, 'campaignId' | 'verdict'>,
    cap: number,
  ): Promise<number>;
  eventBatches(accountId: string, campaignId: string): AsyncGenerator<EventView[]>;
  message(accountId: string, campaignId: string, messageId: string): Promise<MessageView | null>;
  /** Tracking requests answered but not recorded, per reason. */
  dropTotals(accountId: string, range: DropRange): Promise<DropReasonTotal[]>;
  dropSeries(accountId: string, query: DropSeriesQuery): Promise<DropBucket[]>;
}

export function createSqlReportingStore(db: SqlExecutor): ReportingStore {
  return {
    accountSettings: (accountId) => readAccountSettings(db, accountId),
    campaigns: (accountId, filter) => listCampaignRows(db, accountId, filter),
    campaign: (accountId, id) => readCampaignRow(db, accountId, id),
    campaignCounts: (accountId, ids) => readCampaignCounts(db, accountId, ids),
    timeSeries: (accountId, id, query) => readTimeSeries(db, accountId, id, query),
    fetchers: (accountId, id) => readFetcherBreakdown(db, accountId, id),
    links: (accountId, id) => readLinkTable(db, accountId, id),
    agents: (accountId, id) => readAgentBreakdown(db, accountId, id),
    events: (accountId, filter) => readEventRows(db, accountId, filter),
    countEvents: (accountId, filter, cap) => countEventRows(db, accountId, filter, cap),
    eventBatches: (accountId, id) => iterateCampaignEvents(db, accountId, id),
    message: (accountId, campaignId, id) => readMessageRow(db, accountId, campaignId, id),
    dropTotals: (accountId, range) => readDropTotals(db, accountId, range),
    dropSeries: (accountId, query) => readDropSeries(db, accountId, query),
  };
}

/** The store over the process's database. */
export async function getReportingStore(): Promise<ReportingStore> {
  return createSqlReportingStore((await getDb()).sql);
}

export type {
  AccountSettings,
  AgentRow,
  CampaignRow,
  DropBucket,
  DropReasonTotal,
  EventFilter,
  EventView,
  FetcherRow,
  LinkRow,
  MessageView,
  TimeSeries,
  TimeSeriesQuery,
};

// What pages, exports and the API ask for. Each function reads the account's settings on every
// call, so the suppression switch applies from the next request; a request may ask for the
// other counting for itself only (the setting never changes here).
import { AppError, notFound } from '@/lib/errors';
import { summariseClients, type ClientBreakdownRow } from './clients';
import { computeFigures, EMPTY_COUNTS, resolveCounting, sumCounts } from './metrics';
import type { Counting, Figures } from './metrics';
import type { CampaignListFilter, CampaignRow } from './queries/campaign-list';
import {
  chooseDropGranularity,
  MAX_DROP_BUCKETS,
  type DropBucket,
  type DropGranularity,
  type DropReasonTotal,
} from './queries/tracking-drops';
import type { FetcherRow, LinkRow, ReportingStore, TimeSeries, TimeSeriesQuery } from './store';
import type { AccountSettings } from './store';

export interface FiguresBothWays {
  /** The counting in force for this request. */
  counting: Counting;
  /** The account's switch, as stored. */
  suppressAutomated: boolean;
  figures: Figures;
  /** Both ways, for the comparison panel. */
  human: Figures;
  all: Figures;
}

export interface CampaignStats extends FiguresBothWays {
  campaign: CampaignRow;
  timeZone: string;
}

export interface CampaignPage extends CampaignStats {
  series: TimeSeries;
  fetchers: FetcherRow[];
  links: LinkRow[];
  clients: ClientBreakdownRow[];
}

async function requireSettings(store: ReportingStore, accountId: string): Promise<AccountSettings> {
  const settings = await store.accountSettings(accountId);
  if (!settings) throw notFound('account not found');
  return settings;
}

async function requireCampaign(store: ReportingStore, accountId: string, campaignId: string) {
  const campaign = await store.campaign(accountId, campaignId);
  if (!campaign) throw notFound('campaign not found');
  return campaign;
}

function figuresBothWays(
  counts: Parameters<typeof computeFigures>[0],
  settings: AccountSettings,
  override?: Counting,
): FiguresBothWays {
  const counting = resolveCounting(settings.suppressAutomated, override);
  const human = computeFigures(counts, 'human');
  const all = computeFigures(counts, 'all');
  return {
    counting,
    suppressAutomated: settings.suppressAutomated,
    figures: counting === 'human' ? human : all,
    human,
    all,
  };
}

export async function loadCampaignStats(
  store: ReportingStore,
  accountId: string,
  campaignId: string,
  override?: Counting,
): Promise<CampaignStats> {
  const [settings, campaign, counts] = await Promise.all([
    requireSettings(store, accountId),
    requireCampaign(store, accountId, campaignId),
    store.campaignCounts(accountId, [campaignId]),
  ]);
  return {
    campaign,
    timeZone: settings.timeZone,
    ...figuresBothWays(counts.get(campaignId) ?? EMPTY_COUNTS, settings, override),
  };
}

/** Everything the campaign page shows, loaded together. */
export async function loadCampaignPage(
  store: ReportingStore,
  accountId: string,
  campaignId: string,
  options: { granularity: TimeSeriesQuery['granularity']; override?: Counting },
): Promise<CampaignPage> {
  const settings = await requireSettings(store, accountId);
  const [stats, series, fetchers, links, agents] = await Promise.all([
    loadCampaignStats(store, accountId, campaignId, options.override),
    store.timeSeries(accountId, campaignId, {
      granularity: options.granularity,
      timeZone: settings.timeZone,
      keepLatest: true,
    }),
    store.fetchers(accountId, campaignId),
    store.links(accountId, campaignId),
    store.agents(accountId, campaignId),
  ]);
  return { ...stats, series, fetchers, links, clients: summariseClients(agents) };
}

export interface CampaignSummary extends FiguresBothWays {
  campaign: CampaignRow;
}

export interface CampaignList {
  timeZone: string;
  counting: Counting;
  suppressAutomated: boolean;
  campaigns: CampaignSummary[];
  /** All listed campaigns added together. */
  total: FiguresBothWays;
}

/** Campaigns with their figures (list page, account overview, API list). */
export async function loadCampaignList(
  store: ReportingStore,
  accountId: string,
  filter: CampaignListFilter,
  override?: Counting,
): Promise<CampaignList> {
  const [settings, rows] = await Promise.all([
    requireSettings(store, accountId),
    store.campaigns(accountId, filter),
  ]);
  const counts = await store.campaignCounts(
    accountId,
    rows.map((r) => r.id),
  );
  const each = rows.map((campaign) => ({
    campaign,
    ...figuresBothWays(counts.get(campaign.id) ?? EMPTY_COUNTS, settings, override),
  }));
  return {
    timeZone: settings.timeZone,
    counting: resolveCounting(settings.suppressAutomated, override),
    suppressAutomated: settings.suppressAutomated,
    campaigns: each,
    total: figuresBothWays(sumCounts([...counts.values()]), settings, override),
  };
}

export interface TrackingDrops {
  timeZone: string;
  from: string;
  to: string;
  /** Requests answered (image or redirect sent) but recorded as no event: in no figure. */
  total: number;
  reasons: DropReasonTotal[];
  /** Null when no series was asked for. */
  granularity: DropGranularity | null;
  buckets: DropBucket[];
}

/**
 * The account's tracking requests answered but not recorded in [from, to): totals per reason,
 * and with `series` a series in the account's time zone (the granularity asked for, or the
 * finest that fits: minutes up to three hours, then hours, then days).
 */
export async function loadTrackingDrops(
  store: ReportingStore,
  accountId: string,
  query: { from: Date; to: Date; series: boolean; granularity?: DropGranularity },
): Promise<TrackingDrops> {
  const settings = await requireSettings(store, accountId);
  const range = { from: query.from, to: query.to };
  let granularity: DropGranularity | null = null;
  if (query.series) {
    granularity = query.granularity ?? chooseDropGranularity(query.from, query.to);
    if (!granularity) {
      throw new AppError('bad_request', 'range too long for day buckets', {
        parameter: 'from',
        max: MAX_DROP_BUCKETS.day,
      });
    }
  }
  const [reasons, buckets] = await Promise.all([
    store.dropTotals(accountId, range),
    granularity
      ? store.dropSeries(accountId, { ...range, granularity, timeZone: settings.timeZone })
      : Promise.resolve([]),
  ]);
  return {
    timeZone: settings.timeZone,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    total: reasons.reduce((sum, r) => sum + r.count, 0),
    reasons,
    granularity,
    buckets,
  };
}

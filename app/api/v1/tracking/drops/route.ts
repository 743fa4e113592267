// GET /api/v1/tracking/drops: tracking requests the key's account was answered for but that were
// not recorded as events (over an address's budget, not writable, ...), per reason and as a
// series by local minute, hour or day of the account's time zone.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { DropsQuery, readSearchParams } from '@/lib/reporting/params';
import { loadTrackingDrops } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (request) => {
  const { accountId } = await requireApiKey(request);
  const query = DropsQuery.parse(readSearchParams(request));
  const drops = await loadTrackingDrops(await getReportingStore(), accountId, {
    from: new Date(query.from),
    to: new Date(query.to),
    granularity: query.granularity,
    series: true,
  });
  return Response.json(drops);
});

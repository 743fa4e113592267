// GET /api/health: database reachability and the event spool (depth, oldest entry), as JSON.
import { readHealth } from '@/lib/tracking/health';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const report = await readHealth();
  return Response.json(report, {
    status: report.ok ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}

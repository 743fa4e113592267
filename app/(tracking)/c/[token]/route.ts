// GET|HEAD /c/<token>: 302 to the link's registered destination, or a plain 404 page (the Node
// entry normally serves this path itself; this handler runs the same code).
import { answerTrackingRoute } from '@/lib/tracking/route-handler';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return answerTrackingRoute('click', request, (await context.params).token);
}

export async function HEAD(request: Request, context: Context): Promise<Response> {
  return answerTrackingRoute('click', request, (await context.params).token);
}

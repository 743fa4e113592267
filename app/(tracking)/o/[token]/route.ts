// GET|HEAD /o/<token>: the open pixel, always the 43-byte GIF (the Node entry normally serves
// this path itself; this handler runs the same code when Next.js is reached directly).
import { answerTrackingRoute } from '@/lib/tracking/route-handler';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return answerTrackingRoute('open', request, (await context.params).token);
}

export async function HEAD(request: Request, context: Context): Promise<Response> {
  return answerTrackingRoute('open', request, (await context.params).token);
}

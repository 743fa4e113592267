// Refuses a server action sent from another site (or with Origin `null`) with a clean 403,
// before Next.js's own check answers it with a 500. Runs only for server action requests.
import { NextResponse, type NextRequest } from 'next/server';
import { isSameOriginRequest, readOriginFacts } from '@/lib/auth/same-origin';

export function proxy(request: NextRequest): NextResponse {
  if (request.method !== 'POST' || isSameOriginRequest(readOriginFacts(request.headers))) {
    return NextResponse.next();
  }
  return NextResponse.json(
    { error: { code: 'forbidden', message: 'this request did not come from this site' } },
    { status: 403 },
  );
}

export const config = {
  matcher: [{ source: '/:path*', has: [{ type: 'header', key: 'next-action' }] }],
};

// Unsubscribe link: GET and HEAD only show (or describe) a confirmation page; POST, from the
// page's form or a mail client's RFC 8058 one-click request, unsubscribes (case C4).
import {
  recordUnsubscribe,
  resolveUnsubscribeToken,
  type UnsubscribeMethod,
} from '@/lib/sending/unsubscribe';
import { describeError, log } from '@/lib/log';
import { confirmationPage, donePage, invalidPage } from './pages';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};

/** Shows the confirmation page; changes nothing, whoever asks. */
export async function GET(_request: Request, ctx: Context): Promise<Response> {
  const { token } = await ctx.params;
  const target = await resolveUnsubscribeToken(token).catch(() => null);
  if (!target) return new Response(invalidPage(), { status: 404, headers: HTML_HEADERS });
  return new Response(confirmationPage(), { status: 200, headers: HTML_HEADERS });
}

/** Like GET without a body; never unsubscribes. */
export async function HEAD(request: Request, ctx: Context): Promise<Response> {
  const answer = await GET(request, ctx);
  return new Response(null, { status: answer.status, headers: HTML_HEADERS });
}

/** Unsubscribes: a one-click POST (RFC 8058) or the confirmation form. */
export async function POST(request: Request, ctx: Context): Promise<Response> {
  const { token } = await ctx.params;
  const method = await readMethod(request);
  if (!method) return new Response(confirmationPage(), { status: 400, headers: HTML_HEADERS });

  try {
    const target = await resolveUnsubscribeToken(token);
    if (!target) return new Response(invalidPage(), { status: 404, headers: HTML_HEADERS });
    await recordUnsubscribe(target, method);
    log.info('unsubscribed', { accountId: target.accountId, messageId: target.messageId, method });
  } catch (error) {
    log.error('unsubscribe failed', { error: describeError(error) });
    return new Response('Please try again later.', { status: 503, headers: HTML_HEADERS });
  }
  return new Response(donePage(), { status: 200, headers: HTML_HEADERS });
}

// RFC 8058: the body is exactly List-Unsubscribe=One-Click; the page's form sends confirm=yes.
async function readMethod(request: Request): Promise<UnsubscribeMethod | null> {
  const text = (await request.text().catch(() => '')).slice(0, 1000);
  const form = new URLSearchParams(text);
  if (form.get('List-Unsubscribe') === 'One-Click') return 'one_click';
  if (form.get('confirm') === 'yes') return 'confirmed';
  return null;
}

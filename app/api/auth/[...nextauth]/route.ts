// next-auth's endpoints (sign-in with its own CSRF token, sign-out, session, csrf).
// The options are built per request because building them may generate the auth secret, which
// must not happen while `next build` imports this module.
import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handleAuth(request: Request, ctx: Ctx): Promise<Response> {
  const handler = NextAuth(getAuthOptions()) as (req: Request, ctx: Ctx) => Promise<Response>;
  return handler(request, ctx);
}

export { handleAuth as GET, handleAuth as POST };

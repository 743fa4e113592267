// Request targets arrive in forms Next.js would answer with a permanent redirect (a 308 for
// `//c/<token>`, or one to a foreign host for the absolute form `http://evil.example/c/...`), or
// with dot segments that hide a tracking path (`/x/../o/<token>`). The Node entry rewrites every
// target to its plain origin form first, so tracking URLs are always recognised and nothing
// downstream ever sees, or redirects to, another host.

const NEEDS_WORK = /^\/\/|\/\.|\\|%2e/i;

/** The origin form (path and query) of a request target, with dot segments resolved. */
export function normaliseRequestTarget(target: string): string {
  if (target.startsWith('/') && !NEEDS_WORK.test(target)) return target;
  if (target === '*') return target;

  let pathAndQuery = target;
  if (!target.startsWith('/')) {
    // The absolute form: keep only its path and query, never its host.
    try {
      const url = new URL(target);
      pathAndQuery = url.pathname + url.search;
    } catch {
      return '/';
    }
  }

  // Several leading slashes would read as a host; one is what every client meant.
  const collapsed = pathAndQuery.replace(/^[/\\]+/, '/');
  try {
    const url = new URL(collapsed, 'http://localhost');
    return url.pathname + url.search;
  } catch {
    return '/';
  }
}

// Where to send someone after sign-in: only a path inside this site, never another origin.
// Browsers read `/\host` and `//host` as another host and drop tabs and newlines inside a URL,
// so a plain "starts with /" test is not enough.

const PLACEHOLDER_ORIGIN = 'http://placeholder.invalid';
/** Where a missing or refused callback sends people. */
export const DEFAULT_CALLBACK = '/campaigns';

// Any C0 control character, DEL, or C1 control character.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True for a same-origin relative path such as `/campaigns?x=1`. */
export function isSafeCallbackPath(value: string): boolean {
  if (!value.startsWith('/')) return false;
  if (value[1] === '/' || value[1] === '\\') return false;
  if (CONTROL.test(value)) return false;
  try {
    return new URL(value, PLACEHOLDER_ORIGIN).origin === PLACEHOLDER_ORIGIN;
  } catch {
    return false;
  }
}

/** The callback itself when it is a same-origin path, otherwise /campaigns. */
export function selectSafeCallback(value: string | undefined | null): string {
  return typeof value === 'string' && isSafeCallbackPath(value) ? value : DEFAULT_CALLBACK;
}

/**
 * next-auth's redirect callback: a safe relative path or a URL on baseUrl's origin is kept,
 * anything else (another origin, unparsable text) goes to baseUrl.
 */
export function selectAuthRedirect(url: string, baseUrl: string): string {
  if (url.startsWith('/')) return isSafeCallbackPath(url) ? `${baseUrl}${url}` : baseUrl;
  if (CONTROL.test(url)) return baseUrl;
  try {
    return new URL(url).origin === new URL(baseUrl).origin ? url : baseUrl;
  } catch {
    return baseUrl;
  }
}

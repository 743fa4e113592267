// Recognising tracking URLs cheaply, before any other work: /o/<token> and /c/<token>.
import type { TokenKind } from './token';

/** Longer than any real tracking URL (a click token is 88 characters); refused on sight. */
export const MAX_TRACKING_PATH = 256;

export interface TrackingPath {
  kind: TokenKind;
  /** The raw token text; verification decides whether it is one. '' when malformed. */
  token: string;
}

/** The tracking kind and token of a request target, or null when it is not a tracking URL. */
export function matchTrackingPath(target: string): TrackingPath | null {
  if (target.length < 3 || target[0] !== '/' || target[2] !== '/') return null;
  const letter = target[1];
  if (letter !== 'o' && letter !== 'c') return null;

  const kind: TokenKind = letter === 'o' ? 'open' : 'click';
  if (target.length > MAX_TRACKING_PATH) return { kind, token: '' };

  const query = target.indexOf('?');
  const token = target.slice(3, query < 0 ? undefined : query);
  // A token has no slashes; anything deeper is not a tracking URL of ours.
  return { kind, token: token.includes('/') ? '' : token };
}

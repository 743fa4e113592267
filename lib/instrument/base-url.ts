// Where tracking links point: the configured public URL, else the origin a request came in on
// (API), else the local development server.
import { env } from '../config';

const DEVELOPMENT_URL = 'http://localhost:3000';

export function publicBaseUrl(requestUrl?: string): string {
  const configured = env().VERITY_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  if (requestUrl) return new URL(requestUrl).origin;
  return DEVELOPMENT_URL;
}

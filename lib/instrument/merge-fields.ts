// Merge fields, written {{name}}, are resolved per recipient before any link is looked at, so
// each recipient's links point at their own destinations and no href keeps template syntax (C9).
import { AppError } from '../errors';

const FIELD = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

export type MergeFields = Readonly<Record<string, string>>;
export type Escape = (value: string) => string;

/** Names of the merge fields a text uses, in order of first use. */
export function listMergeFields(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(FIELD)) names.add(match[1]!);
  return [...names];
}

/**
 * Replaces every {{name}} with its value, passed through escape (HTML escaping for HTML).
 * A field without a value is an error naming it: sending "{{first_name}}" to a person, or a
 * link to ".../{{slug}}", is worse than not sending.
 */
export function resolveMergeFields(text: string, fields: MergeFields, escape: Escape): string {
  const missing = listMergeFields(text).filter((name) => !Object.hasOwn(fields, name));
  if (missing.length > 0) {
    throw new AppError('bad_request', `missing merge field values: ${missing.join(', ')}`, {
      missingFields: missing,
    });
  }
  return text.replace(FIELD, (_match, name: string) => escape(fields[name]!));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes a value for HTML text or a quoted attribute; the tokenizer decodes it back. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function keepAsIs(value: string): string {
  return value;
}

// Instruments one recipient's copy of a message: merge fields resolved, links registered and
// wrapped, pixel and honeypot added, unsubscribe URL made. HTML and text bodies share their
// registered links: the same destination in the text part reuses the HTML link's click URL, so
// a message's link count is the number of places a person can click, not twice that.
import type { Database } from '../db';
import { planHtml, renderHtml, trackedUrls, trackingAppendix } from './html';
import { createUuidV7 } from './ids';
import { escapeHtml, keepAsIs, resolveMergeFields, type MergeFields } from './merge-fields';
import { registerMessage, trackingUrls, type RegisteredLink } from './register';
import { findTextLinks, renderText } from './text-links';
import { signUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token';
import { addQueryParams } from './url';

export interface InstrumentInput {
  accountId: string;
  campaignId: string;
  recipientRef: string;
  html?: string | null;
  text?: string | null;
  fields?: MergeFields;
  /** Public base URL of the tracking endpoints, e.g. https://t.example.com */
  baseUrl: string;
  /** Query parameters (utm_source, ...) added to every tracked destination, before its fragment. */
  utm?: Readonly<Record<string, string>>;
  sentAt?: Date | null;
  deliveredAt?: Date | null;
}

export interface InstrumentedMessage {
  messageId: string;
  html: string | null;
  text: string | null;
  openUrl: string;
  unsubscribeUrl: string;
  links: (RegisteredLink & { clickUrl: string })[];
  /** Headers to add to the outgoing message (RFC 2369 and RFC 8058). */
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string };
}

/** The field every template may use for its unsubscribe link. */
export const UNSUBSCRIBE_FIELD = 'unsubscribe_url';

export async function instrumentMessage(
  input: InstrumentInput,
  db?: Database,
): Promise<InstrumentedMessage> {
  const base = input.baseUrl.replace(/\/+$/, '');
  const messageId = createUuidV7();
  const unsubscribe = unsubscribeUrl(base, signUnsubscribeToken(input.accountId, messageId));
  const fields = { ...input.fields, [UNSUBSCRIBE_FIELD]: unsubscribe };
  const isOwnUrl = (url: string) => url.startsWith(`${base}/`);

  const html = input.html == null ? null : resolveMergeFields(input.html, fields, escapeHtml);
  const text = input.text == null ? null : resolveMergeFields(input.text, fields, keepAsIs);

  const plan = html === null ? null : planHtml(html, isOwnUrl);
  const textLinks = text === null ? [] : findTextLinks(text, isOwnUrl);
  const decorate = (url: string) => (input.utm ? addQueryParams(url, input.utm) : url);

  // Registered list: every tracked HTML href in order, then text-only destinations, then the
  // honeypot. Keys are the destinations before UTM parameters, as written in the bodies.
  const htmlUrls = plan ? trackedUrls(plan) : [];
  const textOnly = [...new Set(textLinks.map((l) => l.url))].filter((u) => !htmlUrls.includes(u));
  const destinations = [...htmlUrls, ...textOnly];

  const registered = await registerMessage(
    {
      accountId: input.accountId,
      campaignId: input.campaignId,
      messageId,
      recipientRef: input.recipientRef,
      sentAt: input.sentAt,
      deliveredAt: input.deliveredAt,
      links: [
        ...destinations.map((url, position) => ({ url: decorate(url), position })),
        { url: `${base}/`, position: destinations.length, honeypot: true },
      ],
    },
    db,
  );

  const urls = trackingUrls(base, registered);
  const clickFor = (url: string) => urls.clickUrls[destinations.indexOf(url)]!;
  const htmlClickUrls = urls.clickUrls.slice(0, htmlUrls.length);
  const appendix = trackingAppendix(urls.openUrl, urls.clickUrls[destinations.length]!);

  return {
    messageId,
    html: plan ? renderHtml(plan, htmlClickUrls, appendix) : null,
    text:
      text === null
        ? null
        : renderText(
            text,
            textLinks,
            textLinks.map((l) => clickFor(l.url)),
          ),
    openUrl: urls.openUrl,
    unsubscribeUrl: unsubscribe,
    links: registered.links.map((l, i) => ({ ...l, clickUrl: urls.clickUrls[i]! })),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

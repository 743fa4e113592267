// The API's "submit a message for one recipient": validates the JSON body, picks the whole-
// message (.eml) or body path, and answers with the instrumented message.
import { z } from 'zod';
import type { Database } from '../db';
import { AppError } from '../errors';
import { refuseNul, SaneInstant } from '../reporting/bounds';
import { toLinkNumber } from '../reporting/link-number';
import { instrumentEml } from './eml';
import { instrumentMessage, type InstrumentedMessage } from './instrument';
import { recipientRefForAddress } from './recipient-ref';

const MAX_BODY_CHARS = 2_000_000;

// PostgreSQL refuses NUL in text and dates outside its range: both are a 400, not a 500.
const FieldMap = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/),
  refuseNul(z.string().max(10_000)),
);

export const SubmitMessageSchema = z
  .object({
    recipient: z.union([
      z.object({ ref: refuseNul(z.string().trim().min(1).max(256)) }).strict(),
      z.object({ email: z.email().max(320) }).strict(),
    ]),
    html: z.string().max(MAX_BODY_CHARS).optional(),
    text: z.string().max(MAX_BODY_CHARS).optional(),
    /** A whole RFC 5322 message; emlBase64 for one that is not UTF-8 text. */
    eml: z.string().max(MAX_BODY_CHARS).optional(),
    emlBase64: z.string().max(MAX_BODY_CHARS).optional(),
    fields: FieldMap.optional(),
    utm: FieldMap.optional(),
    sentAt: SaneInstant.optional(),
    deliveredAt: SaneInstant.optional(),
  })
  .strict()
  .refine(
    (b) => [b.html ?? b.text, b.eml, b.emlBase64].filter((v) => v !== undefined).length === 1,
    {
      message: 'give html and/or text, or eml, or emlBase64 (exactly one kind)',
    },
  );

export type SubmitMessageBody = z.infer<typeof SubmitMessageSchema>;

export interface SubmitResult {
  messageId: string;
  html: string | null;
  text: string | null;
  eml: string | null;
  emlBase64: string | null;
  openUrl: string;
  unsubscribeUrl: string;
  headers: InstrumentedMessage['headers'];
  /** `linkNumber` counts from 1 in the order the links appear, as everywhere else. */
  links: { linkId: string; url: string; linkNumber: number; honeypot: boolean; clickUrl: string }[];
}

export async function submitMessage(
  scope: { accountId: string; campaignId: string; baseUrl: string },
  body: unknown,
  db?: Database,
): Promise<SubmitResult> {
  const parsed = SubmitMessageSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('bad_request', 'invalid message', { issues });
  }
  const input = parsed.data;

  const common = {
    ...scope,
    recipientRef:
      'ref' in input.recipient
        ? input.recipient.ref
        : recipientRefForAddress(scope.accountId, input.recipient.email),
    fields: input.fields,
    utm: input.utm,
    sentAt: input.sentAt ? new Date(input.sentAt) : null,
    deliveredAt: input.deliveredAt ? new Date(input.deliveredAt) : null,
  };

  const emlBytes =
    input.eml !== undefined
      ? Buffer.from(input.eml, 'utf8')
      : input.emlBase64 !== undefined
        ? Buffer.from(input.emlBase64, 'base64')
        : null;

  if (emlBytes) {
    const { eml, message } = await instrumentEml({ ...common, eml: emlBytes }, db);
    return describe(message, {
      eml: input.eml !== undefined ? eml.toString('utf8') : null,
      emlBase64: input.emlBase64 !== undefined ? eml.toString('base64') : null,
    });
  }

  const message = await instrumentMessage({ ...common, html: input.html, text: input.text }, db);
  return describe(message, { eml: null, emlBase64: null });
}

function describe(
  message: InstrumentedMessage,
  eml: { eml: string | null; emlBase64: string | null },
): SubmitResult {
  return {
    messageId: message.messageId,
    html: message.html,
    text: message.text,
    ...eml,
    openUrl: message.openUrl,
    unsubscribeUrl: message.unsubscribeUrl,
    headers: message.headers,
    links: message.links.map(({ linkId, url, position, honeypot, clickUrl }) => ({
      linkId,
      url,
      linkNumber: toLinkNumber(position),
      honeypot,
      clickUrl,
    })),
  };
}

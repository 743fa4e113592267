// Registration: one recipient's message and its links are stored, and each gets a signed token
// that the tracking endpoints resolve. Everything is scoped by the account: a campaign of
// another account behaves exactly like a missing one.
import { z } from 'zod';
import { getDb, type Database } from '../db';
import { AppError } from '../errors';
import { getSecrets } from '../secrets';
import { signToken } from '../tracking/token';
import { normalizeWebUrl } from './url';

const MAX_LINKS = 1000;
const MAX_URL_LENGTH = 8192;

const WebUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .transform((text, ctx) => {
    const normal = normalizeWebUrl(text);
    if (normal === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http or https URL' });
      return z.NEVER;
    }
    return normal;
  });

const OptionalDate = z.date().nullable().optional();

export const RegisterLinkSchema = z.object({
  url: WebUrl,
  position: z.number().int().min(0),
  honeypot: z.boolean().optional(),
});

export const RegisterMessageSchema = z.object({
  accountId: z.uuid(),
  campaignId: z.uuid(),
  messageId: z.uuid().optional(),
  recipientRef: z.string().trim().min(1).max(256),
  sentAt: OptionalDate,
  deliveredAt: OptionalDate,
  bouncedAt: OptionalDate,
  links: z.array(RegisterLinkSchema).max(MAX_LINKS),
});

export interface RegisterLinkInput {
  url: string;
  position: number;
  honeypot?: boolean;
}

export interface RegisterMessageInput {
  accountId: string;
  campaignId: string;
  /** A caller-made id (UUID), when the body must name the message before it is stored. */
  messageId?: string;
  recipientRef: string;
  sentAt?: Date | null;
  deliveredAt?: Date | null;
  bouncedAt?: Date | null;
  links: RegisterLinkInput[];
}

export interface RegisteredLink {
  linkId: string;
  /** The destination in its normal form; the click redirect goes exactly here. */
  url: string;
  position: number;
  honeypot: boolean;
  clickToken: string;
}

export interface RegisteredMessage {
  messageId: string;
  openToken: string;
  links: RegisteredLink[];
}

/** Stores a message and its links and returns their tracking tokens. */
export async function registerMessage(
  input: RegisterMessageInput,
  db?: Database,
): Promise<RegisteredMessage> {
  const data = parseInput(input);
  const { prisma } = db ?? (await getDb());

  const campaign = await prisma.campaign.findFirst({
    where: { id: data.campaignId, accountId: data.accountId },
    select: { id: true },
  });
  if (!campaign) throw new AppError('not_found', 'campaign not found');

  const message = await prisma.message.create({
    data: {
      id: data.messageId,
      accountId: data.accountId,
      campaignId: data.campaignId,
      recipientRef: data.recipientRef,
      sentAt: data.sentAt ?? null,
      deliveredAt: data.deliveredAt ?? null,
      bouncedAt: data.bouncedAt ?? null,
      // Only links a person can see count towards "clicked every link".
      linkCount: data.links.filter((l) => !l.honeypot).length,
      links: {
        create: data.links.map((l) => ({
          accountId: data.accountId,
          campaignId: data.campaignId,
          url: l.url,
          position: l.position,
          honeypot: l.honeypot ?? false,
        })),
      },
    },
    select: {
      id: true,
      links: { select: { id: true, url: true, position: true, honeypot: true } },
    },
  });

  return signRegistration(data.accountId, message.id, orderLinks(data.links, message.links));
}

function parseInput(input: RegisterMessageInput): z.infer<typeof RegisterMessageSchema> {
  const parsed = RegisterMessageSchema.safeParse(input);
  if (parsed.success) return parsed.data;

  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new AppError('bad_request', 'invalid message registration', { issues });
}

type StoredLink = { id: string; url: string; position: number; honeypot: boolean };

// Nested creates come back in no guaranteed order; match them to the input so the caller's
// n-th link gets the n-th token.
function orderLinks(wanted: z.infer<typeof RegisterLinkSchema>[], stored: StoredLink[]) {
  const pool = [...stored];

  return wanted.map((w) => {
    const index = pool.findIndex(
      (s) => s.url === w.url && s.position === w.position && s.honeypot === (w.honeypot ?? false),
    );
    if (index < 0) throw new Error('registered link missing after insert');
    return pool.splice(index, 1)[0]!;
  });
}

function signRegistration(
  accountId: string,
  messageId: string,
  links: StoredLink[],
): RegisteredMessage {
  const secret = getSecrets().tokenSecret;

  return {
    messageId,
    openToken: signToken(secret, { kind: 'open', accountId, messageId }),
    links: links.map((l) => ({
      linkId: l.id,
      url: l.url,
      position: l.position,
      honeypot: l.honeypot,
      clickToken: signToken(secret, { kind: 'click', accountId, messageId, linkId: l.id }),
    })),
  };
}

export interface TrackingUrls {
  openUrl: string;
  /** One per link, in the order of the tokens given. */
  clickUrls: string[];
}

/** The pixel URL (/o/<token>) and click URLs (/c/<token>) under the public base URL. */
export function trackingUrls(
  baseUrl: string,
  tokens: { openToken: string; links: readonly { clickToken: string }[] },
): TrackingUrls {
  const base = baseUrl.replace(/\/+$/, '');

  return {
    openUrl: `${base}/o/${tokens.openToken}`,
    clickUrls: tokens.links.map((l) => `${base}/c/${l.clickToken}`),
  };
}

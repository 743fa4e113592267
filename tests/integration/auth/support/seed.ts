// Two accounts, each with one user per role, an API key, a pending invitation and a campaign
// with a message, a link and an event: the "other account" every isolation test reaches for.
import { randomUUID } from 'node:crypto';
import { createAccountWithOwner, createApiKey } from '@/lib/auth/accounts';
import { hashPassword } from '@/lib/auth/password';
import { ROLES, type Role } from '@/lib/auth/roles';
import { prisma } from '@/lib/db';

export const PASSWORD = 'correct horse battery';

export interface SeededAccount {
  accountId: string;
  users: Record<Role, string>;
  emails: Record<Role, string>;
  apiKey: { id: string; key: string };
  invitationId: string;
  campaignId: string;
  messageId: string;
  linkId: string;
  eventId: string;
  /** A paused send of the campaign to a one-row list. */
  sendJobId: string;
}

export interface Seed {
  a: SeededAccount;
  b: SeededAccount;
}

async function seedAccount(label: 'a' | 'b', passwordHash: string): Promise<SeededAccount> {
  const db = await prisma();
  const emails = Object.fromEntries(ROLES.map((r) => [r, `${r}@${label}.example`])) as Record<
    Role,
    string
  >;
  const { accountId, userId: ownerId } = await createAccountWithOwner({
    accountName: `Account ${label.toUpperCase()}`,
    email: emails.owner,
    password: PASSWORD,
  });

  const users = { owner: ownerId } as Record<Role, string>;
  for (const role of ROLES.filter((r) => r !== 'owner')) {
    const user = await db.user.create({ data: { email: emails[role], passwordHash } });
    await db.membership.create({ data: { accountId, userId: user.id, role } });
    users[role] = user.id;
  }

  const apiKey = await createApiKey(accountId, `key ${label}`, ownerId);
  const invitation = await db.invitation.create({
    data: {
      accountId,
      email: `invitee@${label}.example`,
      role: 'viewer',
      tokenHash: randomUUID(),
      invitedBy: ownerId,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const content = await seedCampaign(accountId);
  return { accountId, users, emails, apiKey, invitationId: invitation.id, ...content };
}

async function seedCampaign(accountId: string) {
  const db = await prisma();
  const campaign = await db.campaign.create({
    data: { accountId, name: 'Spring sale', sentAt: new Date() },
  });
  const message = await db.message.create({
    data: {
      accountId,
      campaignId: campaign.id,
      recipientRef: 'r-1',
      sentAt: new Date(),
      deliveredAt: new Date(),
      linkCount: 1,
    },
  });
  const link = await db.link.create({
    data: {
      accountId,
      campaignId: campaign.id,
      messageId: message.id,
      url: 'https://shop.example/',
      position: 0,
    },
  });
  const event = await db.event.create({
    data: {
      id: randomUUID(),
      accountId,
      campaignId: campaign.id,
      messageId: message.id,
      linkId: link.id,
      kind: 'click',
      method: 'GET',
      occurredAt: new Date(),
      verdict: 'human',
      fetcher: 'human',
      reasons: [],
      confidence: 0.9,
      classifierVersion: 'test',
    },
  });
  const list = await db.recipientList.create({ data: { accountId, name: 'List', rowCount: 1 } });
  const send = await db.sendJob.create({
    data: {
      accountId,
      campaignId: campaign.id,
      listId: list.id,
      status: 'paused',
      subject: 'Spring',
      total: 1,
    },
  });
  return {
    campaignId: campaign.id,
    messageId: message.id,
    linkId: link.id,
    eventId: event.id,
    sendJobId: send.id,
  };
}

export async function seedTwoAccounts(): Promise<Seed> {
  const passwordHash = await hashPassword(PASSWORD);
  return { a: await seedAccount('a', passwordHash), b: await seedAccount('b', passwordHash) };
}

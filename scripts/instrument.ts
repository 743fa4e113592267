// npm run -s instrument -- --campaign <id> --recipient <address> [--fields <json>]
//   [--utm <json>] <file.html|file.eml>
// Registers one recipient's copy of the message and prints the instrumented result on stdout.
// With the embedded database (no DATABASE_URL) this needs the data folder to itself: stop the
// server first, since one data folder may be opened by one process only.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { getDb } from '../lib/db';
import { AppError } from '../lib/errors';
import { publicBaseUrl } from '../lib/instrument/base-url';
import { instrumentEml } from '../lib/instrument/eml';
import { instrumentMessage, type InstrumentedMessage } from '../lib/instrument/instrument';
import { recipientRefForAddress } from '../lib/instrument/recipient-ref';

const USAGE =
  'usage: npm run -s instrument -- --campaign <id> --recipient <address> ' +
  '[--fields <json>] [--utm <json>] <file.html|file.eml>';

const Fields = z.record(z.string(), z.string());

class UsageError extends Error {}

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        campaign: { type: 'string' },
        recipient: { type: 'string' },
        fields: { type: 'string' },
        utm: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;

  if (!values.campaign || !z.uuid().safeParse(values.campaign).success) {
    throw new UsageError('--campaign must be a campaign id (UUID)');
  }
  if (!values.recipient || !z.email().safeParse(values.recipient).success) {
    throw new UsageError('--recipient must be an email address');
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one .html or .eml file');

  return {
    campaignId: values.campaign,
    recipient: values.recipient,
    fields: parseJsonOption('--fields', values.fields),
    utm: parseJsonOption('--utm', values.utm),
    file: positionals[0]!,
  };
}

function parseJsonOption(
  name: string,
  text: string | undefined,
): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} is not valid JSON`);
  }
  const parsed = Fields.safeParse(json);
  if (!parsed.success) throw new UsageError(`${name} must be a JSON object of string values`);
  return parsed.data;
}

async function main(): Promise<number> {
  const options = readOptions();
  const source = readFileSync(options.file);
  const db = await getDb();

  try {
    // The operator names a campaign; its account follows from it.
    const campaign = await db.prisma.campaign.findUnique({
      where: { id: options.campaignId },
      select: { accountId: true },
    });
    if (!campaign) throw new AppError('not_found', `campaign ${options.campaignId} not found`);

    const common = {
      accountId: campaign.accountId,
      campaignId: options.campaignId,
      recipientRef: recipientRefForAddress(campaign.accountId, options.recipient),
      fields: options.fields,
      utm: options.utm,
      baseUrl: publicBaseUrl(),
    };

    if (/\.eml$/i.test(options.file)) {
      const { eml, message } = await instrumentEml({ ...common, eml: source }, db);
      process.stdout.write(eml);
      report(message);
    } else {
      const message = await instrumentMessage({ ...common, html: source.toString('utf8') }, db);
      process.stdout.write(message.html ?? '');
      report(message);
    }
    return 0;
  } finally {
    await db.close();
  }
}

function report(message: InstrumentedMessage): void {
  const tracked = message.links.filter((l) => !l.honeypot).length;
  const extras = message.html === null ? 'text only: no pixel' : 'honeypot and pixel added';
  process.stderr.write(`message ${message.messageId}: ${tracked} links tracked, ${extras}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`file not found: ${(error as NodeJS.ErrnoException).path}\n`);
      process.exit(1);
    }
    process.stderr.write(`instrument failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

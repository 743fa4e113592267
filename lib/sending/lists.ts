// Recipient lists: a CSV is parsed and checked as a whole; any bad row refuses the upload with
// every row's problem listed, so a list is never half imported.
import { getDb, type Database } from '../db';
import { AppError } from '../errors';
import { parseRecipientCsv } from './csv';

const MAX_REPORTED_ERRORS = 100;

export interface CreatedList {
  listId: string;
  rowCount: number;
  /** The CSV's merge field columns. */
  columns: string[];
}

export async function createRecipientList(
  accountId: string,
  name: string,
  csv: string,
  db?: Database,
): Promise<CreatedList> {
  const parsed = parseRecipientCsv(csv);
  if (parsed.errors.length > 0 || parsed.recipients.length === 0) {
    const errors =
      parsed.errors.length > 0 ? parsed.errors : [{ line: 2, message: 'no recipients' }];
    throw new AppError('bad_request', `the recipient list has ${errors.length} bad row(s)`, {
      rows: errors.slice(0, MAX_REPORTED_ERRORS),
      errorCount: errors.length,
    });
  }

  const { prisma } = db ?? (await getDb());
  const list = await prisma.recipientList.create({
    data: { accountId, name: name.slice(0, 200), rowCount: parsed.recipients.length },
    select: { id: true },
  });
  await prisma.recipient.createMany({
    data: parsed.recipients.map((r) => ({
      accountId,
      listId: list.id,
      email: r.email,
      fields: r.fields,
      line: r.line,
    })),
  });

  return {
    listId: list.id,
    rowCount: parsed.recipients.length,
    columns: Object.keys(parsed.recipients[0]!.fields),
  };
}

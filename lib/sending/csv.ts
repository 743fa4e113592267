// Recipient lists arrive as CSV (RFC 4180: commas, double-quoted fields, "" inside quotes,
// CRLF or LF). The header row names the columns: one must be "email"; the others become merge
// fields. Every bad row is reported with its line number, never with its address.
import { z } from 'zod';

export interface CsvRecipient {
  line: number;
  email: string;
  fields: Record<string, string>;
}

export interface CsvRowError {
  line: number;
  message: string;
}

export interface ParsedRecipientCsv {
  recipients: CsvRecipient[];
  errors: CsvRowError[];
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const Email = z.email();
export const MAX_RECIPIENTS = 100_000;

export function parseRecipientCsv(text: string): ParsedRecipientCsv {
  const rows = readCsvRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) return { recipients: [], errors: [{ line: 1, message: 'the file is empty' }] };

  const names = header.cells.map((c) => c.trim());
  const headerError = checkHeader(names);
  if (headerError) return { recipients: [], errors: [{ line: header.line, message: headerError }] };

  const emailAt = names.findIndex((n) => n.toLowerCase() === 'email');
  const seen = new Map<string, number>();
  const recipients: CsvRecipient[] = [];
  const errors: CsvRowError[] = [];

  for (const row of rows) {
    if (row.cells.length === 1 && row.cells[0]!.trim() === '') continue;
    const problem = checkRow(row.cells, names.length, emailAt, seen);
    if (problem) {
      errors.push({ line: row.line, message: problem });
      continue;
    }
    const email = row.cells[emailAt]!.trim();
    seen.set(email.toLowerCase(), row.line);
    recipients.push({ line: row.line, email, fields: fieldsOf(names, row.cells, emailAt) });
  }

  if (recipients.length > MAX_RECIPIENTS) {
    errors.push({ line: 0, message: `more than ${MAX_RECIPIENTS} recipients in one list` });
  }
  return { recipients, errors };
}

function checkHeader(names: string[]): string | null {
  const lower = names.map((n) => n.toLowerCase());
  if (lower.filter((n) => n === 'email').length !== 1)
    return 'the header needs exactly one "email" column';
  const bad = names.find((n) => !FIELD_NAME.test(n));
  if (bad !== undefined) return `column name "${bad}" is not a valid merge field name`;
  if (new Set(lower).size !== lower.length) return 'the header repeats a column name';
  return null;
}

function checkRow(cells: string[], width: number, emailAt: number, seen: Map<string, number>) {
  if (cells.length !== width) return `expected ${width} columns, found ${cells.length}`;
  const email = cells[emailAt]!.trim();
  if (!Email.safeParse(email).success) return 'the email column is not a valid address';
  const first = seen.get(email.toLowerCase());
  if (first !== undefined) return `duplicate address (first on line ${first})`;
  return null;
}

function fieldsOf(names: string[], cells: string[], emailAt: number): Record<string, string> {
  const fields: Record<string, string> = {};
  names.forEach((name, i) => {
    if (i !== emailAt) fields[name] = cells[i]!;
  });
  return fields;
}

interface CsvRow {
  line: number;
  cells: string[];
}

// A small state machine: quoted fields may hold commas and line breaks, so lines and rows
// differ; each row remembers the line it started on.
function readCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;

  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), (i += 1));
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') (cells.push(cell), (cell = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line += 1;
      rowLine = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
}

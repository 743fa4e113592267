// Reader for corpus-format JSONL (see /work/shared/corpus/README.md): zod-validated rows plus
// per-line errors naming the field, so every tool (classify, eval, demo seeding, replay) reports
// bad input the same way. Also the thread replay through the classifier shared by the CLIs.

import fs from 'node:fs';
import { z } from 'zod';
import { classifyThread } from '@/lib/classifier';
import { FETCHERS, type Classification, type TrackingRequest } from '@/lib/classifier/types';

/** The request fields: the only ones a classifier may read. Other fields are ignored. */
export const corpusRequestSchema = z.object({
  id: z.string().min(1),
  msg: z.string().min(1),
  kind: z.enum(['open', 'click']),
  method: z.string().min(1).max(16),
  ip: z.string().min(1).max(64),
  user_agent: z.string().nullable(),
  headers: z.record(z.string(), z.string()).nullish(),
  seconds_after_delivery: z.number().finite(),
  link_index: z.number().int().min(0).nullish(),
});
export type CorpusRequest = z.infer<typeof corpusRequestSchema>;

/** The answer fields, needed to score a classifier. */
export const corpusLabelSchema = z.object({
  label: z.enum(['human', 'automated']),
  reason: z.enum(FETCHERS),
  confidence: z.enum(['high', 'medium', 'low']),
  scenario: z.string().optional(),
});
export const labelledCorpusRowSchema = corpusRequestSchema.extend(corpusLabelSchema.shape);
export type LabelledCorpusRow = z.infer<typeof labelledCorpusRowSchema>;

export interface CorpusLineError {
  /** 1-based line number in the file. */
  line: number;
  /** Dotted path of the offending field, or "(line)" when the line is not a JSON object. */
  field: string;
  message: string;
}

export interface ParsedCorpus<T> {
  rows: Array<{ line: number; row: T }>;
  errors: CorpusLineError[];
}

function fieldErrors(line: number, error: z.ZodError): CorpusLineError[] {
  return error.issues.map((issue) => ({
    line,
    field: issue.path.length > 0 ? issue.path.join('.') : '(line)',
    message: issue.message,
  }));
}

/** Parses JSONL text; blank lines are skipped; a bad line yields errors and no row. */
export function parseCorpusText<S extends z.ZodType>(
  text: string,
  schema: S,
): ParsedCorpus<z.infer<S>> {
  const result: ParsedCorpus<z.infer<S>> = { rows: [], errors: [] };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      result.errors.push({ line, field: '(line)', message: 'not valid JSON' });
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) result.rows.push({ line, row: parsed.data });
    else result.errors.push(...fieldErrors(line, parsed.error));
  });
  return result;
}

/** Reads and parses a corpus file (request fields only, or with labels). */
export function readCorpusFile<S extends z.ZodType>(
  path: string,
  schema: S,
): ParsedCorpus<z.infer<S>> {
  return parseCorpusText(fs.readFileSync(path, 'utf8'), schema);
}

/** "line 3: field user_agent: expected string" */
export function formatCorpusError(e: CorpusLineError): string {
  return `line ${e.line}: field ${e.field}: ${e.message}`;
}

/** The delivery time every replayed thread shares; only differences matter to the classifier. */
export const REPLAY_DELIVERED_AT = Date.UTC(2026, 0, 1);

export function toTrackingRequest(row: CorpusRequest, deliveredAt: number): TrackingRequest {
  return {
    kind: row.kind,
    method: row.method,
    ip: row.ip,
    userAgent: row.user_agent,
    headers: row.headers ?? {},
    at: deliveredAt + Math.round(row.seconds_after_delivery * 1000),
    linkIndex: row.link_index ?? null,
  };
}

/**
 * Replays each thread (msg) in time order through classifyThread, one event at a time as the
 * live endpoints do, and returns every row's final classification in input order.
 */
export function classifyCorpusRows<T extends CorpusRequest>(rows: T[]): Classification[] {
  const threads = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const members = threads.get(row.msg) ?? [];
    members.push(i);
    threads.set(row.msg, members);
  });

  const results = new Array<Classification>(rows.length);
  const ctx = { deliveredAt: REPLAY_DELIVERED_AT, linkCount: null };
  for (const members of threads.values()) {
    const ordered = [...members].sort(
      (a, b) => rows[a].seconds_after_delivery - rows[b].seconds_after_delivery || a - b,
    );
    const requests: TrackingRequest[] = [];
    let latest: Classification[] = [];
    for (const i of ordered) {
      requests.push(toTrackingRequest(rows[i], REPLAY_DELIVERED_AT));
      latest = classifyThread(ctx, requests);
    }
    ordered.forEach((rowIndex, k) => {
      results[rowIndex] = latest[k];
    });
  }
  return results;
}

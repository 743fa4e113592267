// npm run -s classify -- <file.jsonl>: one JSON line per valid corpus row on stdout, in input
// order, with the row's final classification after its whole thread was replayed. Malformed
// lines go to stderr with their line number and field; the exit code is then 1.

import fs from 'node:fs';
import {
  classifyCorpusRows,
  corpusRequestSchema,
  formatCorpusError,
  parseCorpusText,
} from './lib/corpus';

function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run -s classify -- <file.jsonl>\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`classify: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }

  const { rows, errors } = parseCorpusText(text, corpusRequestSchema);
  for (const e of errors) process.stderr.write(`${file}: ${formatCorpusError(e)}\n`);

  const results = classifyCorpusRows(rows.map((r) => r.row));
  const lines = rows.map(({ row }, i) => {
    const c = results[i];
    return JSON.stringify({
      id: row.id,
      verdict: c.verdict,
      fetcher: c.fetcher,
      reasons: c.reasons,
      confidence: c.confidence,
    });
  });
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

// npm run -s eval:classifier -- <file.jsonl>: scores the classifier (the same replay as
// `npm run classify`) against a labelled corpus, next to two baselines computed in the same run:
// a user-agent bot list alone (isbot) and a "within 2 seconds" rule. Ends with a RESULT line over
// the rows of label confidence high and medium.

import { isbot } from 'isbot';
import {
  classifyCorpusRows,
  formatCorpusError,
  labelledCorpusRowSchema,
  readCorpusFile,
  type LabelledCorpusRow,
} from './lib/corpus';

interface Prediction {
  verdict: 'human' | 'automated';
  fetcher: string | null;
}

interface Scored {
  row: LabelledCorpusRow;
  predicted: Prediction;
}

interface Figures {
  rows: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  humanRecall: number | null;
  fetcherAccuracy: number | null;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function score(items: Scored[]): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let fetcherRight = 0;
  let fetcherRows = 0;
  for (const { row, predicted } of items) {
    const actual = row.label === 'automated';
    const flagged = predicted.verdict === 'automated';
    if (actual && flagged) tp++;
    else if (!actual && flagged) fp++;
    else if (actual && !flagged) fn++;
    else tn++;
    if (actual && predicted.fetcher !== null) {
      fetcherRows++;
      if (predicted.fetcher === row.reason) fetcherRight++;
    }
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : null;
  return {
    rows: items.length,
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1,
    humanRecall: ratio(tn, tn + fp),
    fetcherAccuracy: ratio(fetcherRight, fetcherRows),
  };
}

const fmt = (x: number | null) => (x === null ? '   -  ' : x.toFixed(4));

function printFigures(title: string, f: Figures): void {
  console.log(
    `${title.padEnd(34)} n=${String(f.rows).padStart(3)}  ` +
      `P=${fmt(f.precision)}  R=${fmt(f.recall)}` +
      `  F1=${fmt(f.f1)}  humanR=${fmt(f.humanRecall)}  fetcher=${fmt(f.fetcherAccuracy)}`,
  );
}

function printConfusion(title: string, f: Figures): void {
  console.log(`\n${title}: confusion matrix (rows: label, columns: verdict)`);
  console.log('                 automated   human');
  console.log(`  automated      ${String(f.tp).padStart(9)} ${String(f.fn).padStart(7)}`);
  console.log(`  human          ${String(f.fp).padStart(9)} ${String(f.tn).padStart(7)}`);
}

function groupBy(items: Scored[], key: (s: Scored) => string): Map<string, Scored[]> {
  const groups = new Map<string, Scored[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const strict = (items: Scored[]) => items.filter((s) => s.row.confidence !== 'low');

function main(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    process.stderr.write('usage: npm run -s eval:classifier -- <file.jsonl>\n');
    return 2;
  }
  const { rows: parsed, errors } = readCorpusFile(file, labelledCorpusRowSchema);
  for (const e of errors) process.stderr.write(`${file}: ${formatCorpusError(e)}\n`);
  const rows = parsed.map((p) => p.row);

  const results = classifyCorpusRows(rows);
  const ours: Scored[] = rows.map((row, i) => ({
    row,
    predicted: { verdict: results[i].verdict, fetcher: results[i].fetcher },
  }));
  const botList: Scored[] = rows.map((row) => ({
    row,
    predicted: { verdict: isbot(row.user_agent ?? '') ? 'automated' : 'human', fetcher: null },
  }));
  // Delivery is the only clock the corpus has; the rule's "sending" is read as delivery.
  const twoSeconds: Scored[] = rows.map((row) => ({
    row,
    predicted: { verdict: row.seconds_after_delivery <= 2 ? 'automated' : 'human', fetcher: null },
  }));

  console.log(
    `classifier evaluation: ${file} (${rows.length} labelled rows, ${errors.length} bad lines)`,
  );
  printConfusion('all rows', score(ours));
  printConfusion('high+medium rows', score(strict(ours)));

  console.log('\nclassifier');
  printFigures('  all rows', score(ours));
  printFigures('  high+medium', score(strict(ours)));
  console.log('\nper label confidence');
  for (const [k, items] of groupBy(ours, (s) => s.row.confidence))
    printFigures(`  ${k}`, score(items));
  console.log('\nper corpus reason (fetcher), all rows');
  for (const [k, items] of groupBy(ours, (s) => `${s.row.reason}/${s.row.label}`)) {
    printFigures(`  ${k}`, score(items));
  }

  console.log('\nbaselines (same rows, same run)');
  const baselines = [
    ['isbot only', botList],
    ['within 2 s of delivery', twoSeconds],
  ] as const;
  for (const [name, items] of baselines) {
    printFigures(`  ${name}, all rows`, score(items));
    printFigures(`  ${name}, high+medium`, score(strict(items)));
    for (const [k, group] of groupBy(items, (s) => s.row.confidence)) {
      printFigures(`    ${k}`, score(group));
    }
    for (const [k, group] of groupBy(items, (s) => `${s.row.reason}/${s.row.label}`)) {
      printFigures(`    ${k}`, score(group));
    }
  }

  const headline = score(strict(ours));
  const baselineF1 = baselines.map(([, items]) => score(strict(items)).f1 ?? 0);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
  console.log(
    `RESULT ${JSON.stringify({
      precision: round(headline.precision),
      recall: round(headline.recall),
      human_recall: round(headline.humanRecall),
      fetcher_accuracy: round(headline.fetcherAccuracy),
      baseline_best_f1: round(Math.max(...baselineF1)),
      f1: round(headline.f1),
      rows: headline.rows,
    })}`,
  );
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

// Re-classifies stored events with the current classifier version, per message thread, in
// batches, with a progress bar on stderr. Safe to stop (Ctrl-C) and run again: committed
// batches stay, and messages already at the current version are skipped.
//   npm run reclassify [-- --batch 200]
// Uses DATABASE_URL, or the embedded database in VERITY_DATA_DIR.
import { z } from 'zod';
import { getDb } from '../lib/db';
import { reclassifyStoredEvents } from '../lib/tracking/reclassify';

const Args = z.object({ batch: z.coerce.number().int().min(1).max(10_000).default(200) });

function parseArgs(argv: string[]): z.infer<typeof Args> {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--(\w+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument "${argv[i]}" (usage: --batch N)`);
    values[match[1]] = match[2] ?? argv[++i] ?? '';
  }
  const parsed = Args.strict().safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--${issue.path.join('.') || 'option'}: ${issue.message}`);
  }
  return parsed.data;
}

function drawProgress(done: number, total: number): void {
  const width = 30;
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const line = `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total} messages`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const db = await getDb();
  try {
    const report = await reclassifyStoredEvents(db.sql, {
      batchSize: args.batch,
      onProgress: drawProgress,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(
      `classifier ${report.version}: ${report.messages} messages re-classified, ` +
        `${report.eventsChanged} events changed, ${report.remainingMessages} messages left`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reclassify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

// `npm run replay [-- --url http://127.0.0.1:3000] [--file corpus.jsonl] [--max-gap 10]`
// Plays a corpus-format file live against a running Verity, the way mail clients and proxies
// would: it creates a campaign through the API, registers one message per thread (plus quiet
// messages that get no events, so the rates look like a real campaign's), then sends
// each row's pixel or click request from loopback with the row's client address in
// X-Forwarded-For (the demo server trusts loopback as a proxy) and its user agent and headers.
//
// Timing: each message's delivery time is set so that its first request arrives exactly
// `seconds_after_delivery` after delivery. Later requests of a thread keep their gaps up to
// --max-gap seconds; longer gaps (a person clicking hours after a proxy's fetch) are shortened
// so a replay takes minutes, which makes those later requests look earlier than they were.
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  corpusRequestSchema,
  formatCorpusError,
  readCorpusFile,
  type CorpusRequest,
} from './lib/corpus';
import { readDemoApiKey } from './lib/demo-key';

const USAGE = `usage: npm run replay -- [--url URL] [--file FILE] [--max-gap S] [--spacing S]
                           [--quiet N]
  --url      the running Verity (default $VERITY_URL, else http://127.0.0.1:$PORT, PORT 3000)
  --file     corpus-format JSONL to play (default prisma/demo/corpus.jsonl)
  --max-gap  longest pause kept inside a thread, seconds (default 10)
  --spacing  seconds between the starts of two threads (default 0.25)
  --quiet    delivered messages without events per thread (default 1.7)
The API key comes from $VERITY_API_KEY, else the demo's data folder ($VERITY_DATA_DIR).`;

interface Options {
  url: URL;
  quietPerThread: number;
  file: string;
  maxGapMs: number;
  spacingMs: number;
  apiKey: string;
}

interface Registered {
  openUrl: string;
  links: { linkNumber: number; honeypot: boolean; clickUrl: string }[];
}

interface Scheduled {
  at: number;
  row: CorpusRequest;
  target: string;
}

const LINK_COUNT = 6;

function readOptions(): Options {
  const defaultUrl = process.env.VERITY_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: defaultUrl },
      file: { type: 'string', default: path.join('prisma', 'demo', 'corpus.jsonl') },
      'max-gap': { type: 'string', default: '10' },
      spacing: { type: 'string', default: '0.25' },
      quiet: { type: 'string', default: '1.7' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  const apiKey = process.env.VERITY_API_KEY ?? readDemoApiKey();
  if (!apiKey) {
    throw new Error('no API key: run `npm run demo` first, or set VERITY_API_KEY');
  }
  const maxGap = Number(values['max-gap']);
  const spacing = Number(values.spacing);
  const quiet = Number(values.quiet);
  if (!(maxGap >= 0) || !(spacing >= 0)) throw new Error('--max-gap and --spacing take seconds');
  if (!(quiet >= 0)) throw new Error('--quiet takes a number of messages per thread');

  return {
    url: new URL(values.url!),
    file: values.file!,
    maxGapMs: maxGap * 1000,
    spacingMs: spacing * 1000,
    quietPerThread: quiet,
    apiKey,
  };
}

function request(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function callApi<T>(options: Options, apiPath: string, body: unknown): Promise<T> {
  const url = new URL(apiPath, options.url);
  const json = JSON.stringify(body);
  const res = await request(
    url,
    'POST',
    {
      authorization: `Bearer ${options.apiKey}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(json)),
    },
    json,
  );
  if (res.status >= 300) throw new Error(`POST ${apiPath} answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text) as T;
}

// Every copy links the same made-up destinations, as a real campaign's copies do.
const EMAIL_HTML =
  '<!doctype html><html><body><h1>Corpus replay</h1>\n' +
  Array.from(
    { length: LINK_COUNT },
    (_, i) =>
      `<p><a href="https://replay.northwind-health.example/page-${i + 1}">Page ${i + 1}</a></p>`,
  ).join('\n') +
  '\n</body></html>';

/** Runs fn over items, at most `limit` at a time, keeping the results in order. */
async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The request's path on the server we replay against, whatever base URL the API used. */
function onServer(options: Options, absolute: string): string {
  const parsed = new URL(absolute);
  return new URL(parsed.pathname, options.url).toString();
}

function schedule(options: Options, threads: Map<string, CorpusRequest[]>, start: number) {
  const plan: { msg: string; deliveredAt: number; times: number[] }[] = [];
  const ordered = [...threads.entries()].sort(
    (a, b) => a[1][0].seconds_after_delivery - b[1][0].seconds_after_delivery,
  );

  ordered.forEach(([msg, rows], index) => {
    const first = start + index * options.spacingMs;
    const times = [first];
    for (let i = 1; i < rows.length; i++) {
      const gap = (rows[i].seconds_after_delivery - rows[i - 1].seconds_after_delivery) * 1000;
      times.push(times[i - 1] + Math.min(Math.max(gap, 0), options.maxGapMs));
    }
    plan.push({ msg, deliveredAt: first - rows[0].seconds_after_delivery * 1000, times });
  });
  return plan;
}

async function main(): Promise<void> {
  const options = readOptions();
  const corpus = readCorpusFile(options.file, corpusRequestSchema);
  for (const error of corpus.errors) console.error(`${options.file}: ${formatCorpusError(error)}`);

  const threads = new Map<string, CorpusRequest[]>();
  for (const { row } of corpus.rows) threads.set(row.msg, [...(threads.get(row.msg) ?? []), row]);
  for (const rows of threads.values()) {
    rows.sort((a, b) => a.seconds_after_delivery - b.seconds_after_delivery);
  }

  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const { campaign } = await callApi<{ campaign: { id: string } }>(options, '/api/v1/campaigns', {
    name: `Live replay ${stamp} UTC`,
    subject: 'Corpus replay',
  });
  const quiet = Math.round(threads.size * options.quietPerThread);
  console.log(
    `campaign ${campaign.id}: registering ${threads.size} messages with events` +
      ` and ${quiet} without...`,
  );
  const messagesPath = `/api/v1/campaigns/${campaign.id}/messages`;
  const now = new Date().toISOString();
  await inPool(
    Array.from({ length: quiet }, (_, i) => i),
    4,
    (i) =>
      callApi(options, messagesPath, {
        recipient: { ref: `replay-quiet-${i}` },
        html: EMAIL_HTML,
        sentAt: now,
        deliveredAt: now,
      }),
  );

  // Registering takes a while; the replay's clock starts once it is done (with room to spare).
  const registered = new Map<string, Registered>();
  const start = Date.now() + 5_000 + threads.size * 60;
  const plan = schedule(options, threads, start);
  const answers = await inPool(plan, 4, (item) =>
    callApi<Registered>(options, messagesPath, {
      recipient: { ref: `replay-${item.msg}` },
      html: EMAIL_HTML,
      deliveredAt: new Date(item.deliveredAt).toISOString(),
    }),
  );
  plan.forEach((item, i) => registered.set(item.msg, answers[i]));
  if (Date.now() > start)
    console.warn('registering took longer than planned: early requests run late');

  const queue: Scheduled[] = [];
  for (const item of plan) {
    const message = registered.get(item.msg)!;
    threads.get(item.msg)!.forEach((row, i) => {
      // The corpus's link_index counts from 0; the API's linkNumber from 1.
      const number = (row.link_index ?? 0) + 1;
      const link = message.links.find((l) => !l.honeypot && l.linkNumber === number);
      const target = row.kind === 'open' ? message.openUrl : (link ?? message.links[0]).clickUrl;
      queue.push({ at: item.times[i], row, target: onServer(options, target) });
    });
  }
  queue.sort((a, b) => a.at - b.at);

  const last = queue.at(-1)?.at ?? start;
  console.log(
    `replaying ${queue.length} requests over ${Math.round((last - start) / 1000)} s;` +
      ` reload the Events page to watch them arrive`,
  );

  let sent = 0;
  const answered: Record<number, number> = {};
  for (const item of queue) {
    const wait = item.at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const headers: Record<string, string> = { ...(item.row.headers ?? {}) };
    headers['x-forwarded-for'] = item.row.ip;
    if (item.row.user_agent !== null) headers['user-agent'] = item.row.user_agent;
    const res = await request(new URL(item.target), item.row.method, headers);
    sent++;
    answered[res.status] = (answered[res.status] ?? 0) + 1;
    console.log(
      `${new Date().toISOString().slice(11, 19)} ${item.row.id} ${item.row.kind.padEnd(5)} ` +
        `${item.row.method.padEnd(4)} -> ${res.status}   (${sent}/${queue.length})`,
    );
  }

  const summary = Object.entries(answered)
    .map(([status, n]) => `${n} x ${status}`)
    .join(', ');
  console.log(`done: ${sent} requests (${summary}); campaign ${campaign.id}`);
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${error instanceof Error ? error.message : error}`);
  if (error instanceof TypeError) console.error(USAGE);
  process.exit(1);
});

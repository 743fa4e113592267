// The classify and eval CLIs, spawned as a user runs them, on small corpus-format files.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verity-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/122.0.0.0 Safari/537.36';

const row = (fields: Record<string, unknown>) =>
  JSON.stringify({ headers: {}, method: 'GET', kind: 'open', ...fields });

const ROWS = [
  row({
    id: 'a1',
    msg: 'm1',
    ip: '172.224.228.37',
    user_agent: 'Mozilla/5.0',
    seconds_after_delivery: 900,
    label: 'automated',
    reason: 'apple_mpp',
    confidence: 'high',
    scenario: 'ignored',
  }),
  row({
    id: 'a2',
    msg: 'm1',
    kind: 'click',
    link_index: 0,
    ip: '203.0.113.7',
    user_agent: CHROME,
    seconds_after_delivery: 1900,
    label: 'human',
    reason: 'human',
    confidence: 'high',
  }),
  row({
    id: 'b1',
    msg: 'm2',
    kind: 'click',
    link_index: 0,
    ip: '40.107.1.1',
    user_agent: CHROME,
    seconds_after_delivery: 20,
    label: 'automated',
    reason: 'microsoft_safelinks',
    confidence: 'medium',
  }),
  row({
    id: 'b2',
    msg: 'm2',
    kind: 'click',
    link_index: 1,
    ip: '40.107.1.1',
    user_agent: CHROME,
    seconds_after_delivery: 20.4,
    label: 'automated',
    reason: 'microsoft_safelinks',
    confidence: 'medium',
  }),
];

function write(name: string, lines: string[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test spawns a TypeScript process; on a busy machine that takes seconds.
const SPAWN_TIMEOUT = { timeout: 60_000 };

describe('npm run classify', SPAWN_TIMEOUT, () => {
  it('prints one JSON line per row, in input order, and exits 0', () => {
    const file = write('good.jsonl', [ROWS[2], ROWS[0], ROWS[3], ROWS[1]]);
    const { code, stdout, stderr } = run('scripts/classify.ts', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        id: 'b1',
        verdict: 'automated',
        fetcher: 'microsoft_safelinks',
        reasons: ['microsoft_mail_filter', 'near_delivery', 'click_before_open'],
        confidence: 0.99,
      },
      {
        id: 'a1',
        verdict: 'automated',
        fetcher: 'apple_mpp',
        reasons: ['apple_privacy_relay'],
        confidence: 0.97,
      },
      {
        id: 'b2',
        verdict: 'automated',
        fetcher: 'microsoft_safelinks',
        reasons: ['microsoft_mail_filter', 'near_delivery', 'click_before_open'],
        confidence: 0.99,
      },
      {
        id: 'a2',
        verdict: 'human',
        fetcher: 'human',
        reasons: ['ordinary_request'],
        confidence: 0.8,
      },
    ]);
  });

  it('reports malformed lines with line number and field, classifies the rest, exits 1', () => {
    const file = write('bad.jsonl', [
      ROWS[0],
      '{"id": "x1", "msg": "m9", "kind": "view", "method": "GET", "ip": "192.0.2.1", ' +
        '"user_agent": null, "seconds_after_delivery": 5}',
      'this is not json',
      row({
        id: 'x3',
        msg: 'm9',
        ip: '192.0.2.1',
        user_agent: 'curl/8.0',
        seconds_after_delivery: 'soon',
      }),
      ROWS[1],
    ]);
    const { code, stdout, stderr } = run('scripts/classify.ts', file);
    expect(code).toBe(1);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['a1', 'a2']);
    const messages = stderr.trim().split('\n');
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/bad\.jsonl: line 2: field kind: /);
    expect(messages[1]).toBe(`${file}: line 3: field (line): not valid JSON`);
    expect(messages[2]).toMatch(/bad\.jsonl: line 4: field seconds_after_delivery: /);
  });

  it('names a missing file and exits 2', () => {
    const { code, stdout, stderr } = run('scripts/classify.ts', path.join(tmp, 'none.jsonl'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot read .*none\.jsonl/);
  });
});

describe('npm run eval:classifier', SPAWN_TIMEOUT, () => {
  it('scores the file and ends with the RESULT line', () => {
    const file = write('labelled.jsonl', ROWS);
    const { code, stdout } = run('scripts/eval-classifier.ts', file);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe(
      'RESULT ' +
        '{"precision":1,"recall":1,"human_recall":1,"fetcher_accuracy":1,' +
        '"baseline_best_f1":0.5,"f1":1,"rows":4}',
    );
    expect(stdout).toContain('isbot only');
    expect(stdout).toContain('within 2 s of delivery');
  });
});

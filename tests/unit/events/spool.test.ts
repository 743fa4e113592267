// The spool on its own: entries survive a new process, files are closed at their size limit so
// each can be read whole, a torn last line is counted and skipped, removal empties it.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hit } from '@/lib/events/event-row';
import { Spool } from '@/lib/events/spool';

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-unit-'));
  dirs.push(dir);
  return dir;
};

function hit(n: number): Hit {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    kind: 'open',
    method: 'GET',
    occurredAt: 1_764_000_000_000 + n,
    accountId: '11111111-1111-4111-8111-111111111111',
    messageId: '22222222-2222-4222-8222-222222222222',
    linkId: null,
    clientIp: '198.51.100.7',
    userAgent: 'Mozilla/5.0',
    headers: {},
  };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('spool', () => {
  it('closes a file at its size limit and keeps every entry, in order, across files', async () => {
    const dir = newDir();
    // Every entry below has the same length: a file is closed after its second entry.
    const lineBytes = JSON.stringify({ at: 1, hits: [hit(1)] }).length + 1;
    const spool = new Spool(dir, 2 * lineBytes);
    for (let n = 1; n <= 5; n += 1) await spool.append({ at: n, hits: [hit(n)] });

    expect(spool.pendingEvents).toBe(5);
    expect(spool.oldestEntryAt).toBe(1);
    const names = spool.listFiles();
    expect(names).toEqual([
      'spool-000000000001.jsonl',
      'spool-000000000002.jsonl',
      'spool-000000000003.jsonl',
    ]);
    const files = await Promise.all(names.map((name) => spool.readFile(name)));
    expect(files.flatMap((f) => f.entries.flatMap((e) => e.hits!.map((h) => h.id)))).toEqual(
      [1, 2, 3, 4, 5].map((n) => hit(n).id),
    );
    // The third file is still open for appends until sealed.
    expect(spool.current).toBe('spool-000000000003.jsonl');

    await spool.seal();
    const reopened = new Spool(dir, 2 * lineBytes);
    expect(reopened.pendingEvents).toBe(5);
    await reopened.append({ at: 6, hits: [hit(6)] });
    expect(reopened.current).toBe('spool-000000000004.jsonl');

    for (const name of reopened.listFiles().slice(0, 3)) {
      await reopened.remove(await reopened.readFile(name));
    }
    expect(reopened.pendingEvents).toBe(1);
    expect(reopened.oldestEntryAt).toBe(6);
    await reopened.close();
    expect(readdirSync(dir)).toEqual(['spool-000000000004.jsonl']);
  });
});

describe('spool damage', () => {
  it('a failed append leaves no partial line: the file keeps whole entries only', async () => {
    const dir = newDir();
    const spool = new Spool(dir);
    await spool.append({ at: 1, hits: [hit(1)] });

    // The disk fills during the next write: half the bytes go out, then ENOSPC.
    const handle = (spool as unknown as { handle: { write: (...args: unknown[]) => unknown } })
      .handle;
    const write = handle.write.bind(handle);
    handle.write = async (data: unknown, offset: unknown, length: unknown) => {
      handle.write = write;
      await write(data, offset, Math.floor(Number(length) / 2));
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    };
    await expect(spool.append({ at: 2, hits: [hit(2)] })).rejects.toThrow('no space left');
    expect(spool.pendingEvents).toBe(1);

    await spool.append({ at: 3, hits: [hit(3)] });
    await spool.seal();
    const file = await spool.readFile('spool-000000000001.jsonl');
    expect(file.badLines).toBe(0);
    expect(file.entries.map((e) => e.hits![0].id)).toEqual([hit(1).id, hit(3).id]);
  });

  it('skips lines that are not entries; ignores a directory named like a file', async () => {
    const dir = newDir();
    const good = JSON.stringify({ at: 5, hits: [hit(5)] });
    const lines = [
      'null',
      '{"at":1,"hits":[null]}',
      JSON.stringify({ at: 2, hits: [{ ...hit(2), id: 'not-a-uuid' }] }),
      '42',
      good,
      '{"at": 3, "hi',
    ];
    writeFileSync(path.join(dir, 'spool-000000000001.jsonl'), lines.join('\n'));
    mkdirSync(path.join(dir, 'spool-000000000002.jsonl'));

    const spool = new Spool(dir);
    expect(spool.pendingEvents).toBe(1);
    expect(spool.listFiles()).toEqual(['spool-000000000001.jsonl']);
    const file = await spool.readFile('spool-000000000001.jsonl');
    expect(file.badLines).toBe(5);
    expect(file.entries).toEqual([JSON.parse(good)]);

    // New appends never reuse a name already taken in the folder.
    await spool.append({ at: 6, hits: [hit(6)] });
    expect(spool.current).toBe('spool-000000000003.jsonl');
    await spool.close();
  });
});

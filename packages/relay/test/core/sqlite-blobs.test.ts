/**
 * SQLite's big blobs (signing originals, signed documents) are written and read in parts: the event
 * loop keeps running meanwhile, a reader never sees half of an overwrite, and nothing is left behind
 * by a delete, a purge or a write the process did not finish.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';
import { PART_BYTES } from '../../src/store/sqlite-blobs.ts';
import { sessionRecord } from './fixtures.ts';

const MB = 1024 * 1024;
const pattern = (size: number, salt: number) =>
  new Uint8Array(size).map((_, i) => (i * 7 + salt + (i >> 12)) & 0xff);
const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.from(a).equals(Buffer.from(b));

describe('sqlite blobs in parts', () => {
  let dir: string;
  let file: string;
  let store: Store;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-blobs-'));
    file = join(dir, 'relay.sqlite');
    store = await createStore(`sqlite:${file}`);
    await store.create(sessionRecord('sig_1', { kind: 'signing' }));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows of blob_parts, read from the file by a second connection. */
  function partRows(): number {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM blob_parts').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('lets other work run between the parts of a 19 MB write and read', async () => {
    const data = pattern(19 * MB, 1);
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await store.putBlob('sig_1', 'original/0', data);
    const duringWrite = ticks;
    const read = await store.getBlob('sig_1', 'original/0');
    const duringRead = ticks - duringWrite;
    ticking = false;
    expect(same(read, data)).toBe(true);
    // One turn of the loop per part at least: a synchronous write would have let none through.
    const parts = Math.ceil(data.length / PART_BYTES);
    expect(duringWrite).toBeGreaterThanOrEqual(parts - 1);
    expect(duringRead).toBeGreaterThanOrEqual(parts - 1);
    expect(partRows()).toBe(parts);
  });

  it('gives a reader during an overwrite the old blob or the new one, whole', async () => {
    const first = pattern(4 * MB, 1);
    const second = pattern(5 * MB + 3, 2);
    await store.putBlob('sig_1', 'original/0', first);
    const reads = [store.getBlob('sig_1', 'original/0')];
    const write = store.putBlob('sig_1', 'original/0', second);
    reads.push(store.getBlob('sig_1', 'original/0'));
    await write;
    reads.push(store.getBlob('sig_1', 'original/0'));
    const results = await Promise.all(reads);
    for (const r of results) expect(same(r, first) || same(r, second)).toBe(true);
    expect(same(results[2]!, second)).toBe(true);
    // The first blob's parts went with the overwrite.
    expect(partRows()).toBe(Math.ceil(second.length / PART_BYTES));
  });

  it('leaves no parts behind after a delete, a replacement by a small blob, or a purge', async () => {
    await store.putBlob('sig_1', 'original/0', pattern(MB, 1));
    await store.putBlob('sig_1', 'original/1', pattern(MB, 2));
    await store.putBlob('sig_1', 'signed/0', pattern(MB, 3));
    await store.deleteBlob('sig_1', 'original/1');
    await store.putBlob('sig_1', 'signed/0', new Uint8Array([1]));
    expect(partRows()).toBe(Math.ceil(MB / PART_BYTES));
    await store.transition('sig_1', 1, { patch: { status: 'completed' }, event: true });
    expect(await store.purge(new Date('2030-01-01'))).toBe(1);
    expect(partRows()).toBe(0);
  });

  it('drops the parts of a write cut short by a close, and keeps the blob it was replacing', async () => {
    const old = pattern(MB, 1);
    await store.putBlob('sig_1', 'original/0', old);
    const write = store.putBlob('sig_1', 'original/0', pattern(8 * MB, 2));
    // Closing between two parts is what a crash mid-write leaves: parts that nothing points at.
    await new Promise((r) => setImmediate(r));
    await store.close();
    await expect(write).rejects.toThrow(/closed/);

    // A crash would not have tidied up; put such orphans in the file by hand too.
    const db = new Database(file);
    db.prepare('INSERT INTO blob_parts (key, part, data) VALUES (?, 0, ?)').run('orphan', Buffer.alloc(10));
    db.close();

    store = await createStore(`sqlite:${file}`);
    expect(same(await store.getBlob('sig_1', 'original/0'), old)).toBe(true);
    expect(partRows()).toBe(Math.ceil(MB / PART_BYTES));
  });

  it('reads blobs written before parts existed (schema version 2) and upgrades the file', async () => {
    await store.close();
    const db = new Database(file);
    db.exec(`
      DROP TRIGGER blobs_delete_parts; DROP TRIGGER blobs_repoint_parts; DROP TABLE blob_parts;
      ALTER TABLE blobs DROP COLUMN parts; ALTER TABLE blobs DROP COLUMN size;
      PRAGMA user_version = 2;
    `);
    const legacy = pattern(2 * MB, 9);
    db.prepare('INSERT INTO blobs (session_id, name, data) VALUES (?, ?, ?)').run(
      'sig_1',
      'original/0',
      legacy,
    );
    db.close();

    store = await createStore(`sqlite:${file}`);
    expect(same(await store.getBlob('sig_1', 'original/0'), legacy)).toBe(true);
    const next = pattern(2 * MB, 10);
    await store.putBlob('sig_1', 'original/0', next);
    expect(same(await store.getBlob('sig_1', 'original/0'), next)).toBe(true);
  });
});

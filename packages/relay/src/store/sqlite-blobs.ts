/**
 * Blobs in the SQLite file, written and read in parts so that a big one never holds the event loop.
 *
 * better-sqlite3 is synchronous, and one INSERT of a 19 MB signing original took 110–250 ms on this
 * machine (the WAL write, then the checkpoint copying it into the database): six concurrent uploads
 * held `/healthz`, callbacks and every event stream for that long each. A blob above `PART_BYTES` is
 * instead written as 256 KB rows of `blob_parts` (~1.5 ms each, ~15 ms when a WAL checkpoint falls on
 * one), yielding to the event loop between rows, under a fresh key; one small transaction then points
 * `blobs.parts` at that key. So a reader sees the old blob or the new one, never a mix, and a crash
 * mid-write leaves only unreferenced parts, which the next open deletes. Triggers (sqlite-schema.ts)
 * drop a blob's parts whenever its row is deleted or repointed, so every delete path (deleteBlob,
 * purge) stays one statement. Small blobs (eID certificates) stay one row in `blobs`, as before.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';

/** Rows of this size stay ~1.5 ms apiece to write; bigger blobs are split into them. */
export const PART_BYTES = 256 * 1024;

/** A reader restarts when a concurrent overwrite repoints the blob under it; this many times at most. */
const READ_ATTEMPTS = 5;

function statements(db: Database.Database) {
  return {
    putSmall: db.prepare(
      `INSERT INTO blobs (session_id, name, data, parts, size) VALUES (?, ?, ?, NULL, NULL)
       ON CONFLICT (session_id, name) DO UPDATE SET data = excluded.data, parts = NULL, size = NULL`,
    ),
    putPart: db.prepare('INSERT INTO blob_parts (key, part, data) VALUES (?, ?, ?)'),
    countParts: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM blob_parts WHERE key = ?'),
    dropParts: db.prepare('DELETE FROM blob_parts WHERE key = ?'),
    pointAt: db.prepare(
      `INSERT INTO blobs (session_id, name, data, parts, size) VALUES (?, ?, X'', ?, ?)
       ON CONFLICT (session_id, name) DO UPDATE SET data = X'', parts = excluded.parts, size = excluded.size`,
    ),
    head: db.prepare<[string, string], { data: Buffer; parts: string | null; size: number | null }>(
      'SELECT data, parts, size FROM blobs WHERE session_id = ? AND name = ?',
    ),
    part: db.prepare<[string, number], { data: Buffer }>(
      'SELECT data FROM blob_parts WHERE key = ? AND part = ?',
    ),
    orphans: db.prepare(
      'DELETE FROM blob_parts WHERE key NOT IN (SELECT parts FROM blobs WHERE parts IS NOT NULL)',
    ),
  };
}

export interface BlobHooks {
  /** Throws when the store was closed (checked before every part: a closed store writes nothing more). */
  assertOpen(): void;
  /** Runs a write through the store's write guard, inside one transaction when `tx` is set. */
  write<T>(fn: () => T, tx?: boolean): T;
}

export class SqliteBlobs {
  readonly #q: ReturnType<typeof statements>;
  readonly #hooks: BlobHooks;

  constructor(db: Database.Database, hooks: BlobHooks) {
    this.#q = statements(db);
    this.#hooks = hooks;
  }

  /** Parts no blob points at: left by a write the process did not live to finish. */
  dropOrphans(): number {
    return this.#hooks.write(() => this.#q.orphans.run().changes);
  }

  async put(id: string, name: string, data: Uint8Array): Promise<void> {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length <= PART_BYTES) {
      this.#hooks.write(() => this.#q.putSmall.run(id, name, bytes));
      return;
    }
    const key = randomUUID();
    let parts = 0;
    try {
      for (let at = 0; at < bytes.length; at += PART_BYTES, parts++) {
        if (parts > 0) await yieldToLoop();
        this.#hooks.assertOpen();
        this.#hooks.write(() => this.#q.putPart.run(key, parts, bytes.subarray(at, at + PART_BYTES)));
      }
      this.#hooks.write(() => {
        // Another process opening the same file deletes parts it cannot see referenced: never point at a gap.
        if (this.#q.countParts.get(key)?.n !== parts)
          throw new Error(`blob ${id}/${name}: parts went missing`);
        this.#q.pointAt.run(id, name, key, bytes.length);
      }, true);
    } catch (err) {
      try {
        this.#hooks.write(() => this.#q.dropParts.run(key));
      } catch {
        // The store is closed or unwritable; the next open drops these orphans.
      }
      throw err;
    }
  }

  async get(id: string, name: string): Promise<Uint8Array | null> {
    for (let attempt = 1; ; attempt++) {
      this.#hooks.assertOpen();
      const head = this.#q.head.get(id, name);
      if (!head) return null;
      if (head.parts === null) return new Uint8Array(head.data);
      const out = await this.#readParts(head.parts, head.size ?? 0);
      if (out) return out;
      // Overwritten or deleted while we read: start again from the row's current pointer.
      if (attempt >= READ_ATTEMPTS) throw new Error(`blob ${id}/${name} kept changing while it was read`);
    }
  }

  /** The parts of `key` joined, or null when one is gone (the blob was repointed meanwhile). */
  async #readParts(key: string, size: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(size);
    let at = 0;
    for (let part = 0; at < size; part++) {
      if (part > 0) await yieldToLoop();
      this.#hooks.assertOpen();
      const row = this.#q.part.get(key, part);
      if (!row || at + row.data.length > size) return null;
      out.set(row.data, at);
      at += row.data.length;
    }
    return out;
  }
}

/**
 * The sqlite schema, versioned with `PRAGMA user_version`. A migration is appended, never edited:
 * an existing file upgrades step by step on open.
 *
 * Sessions keep their full record as JSON; only what queries filter on is a column (status for
 * listActive/countByStatus, the two retention times, version for the compare-and-set). Times used in
 * queries are epoch milliseconds, so comparisons never depend on timestamp formatting.
 */
import type { Database } from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX sessions_status ON sessions (status);
  CREATE INDEX sessions_updated_at ON sessions (updated_at);
  CREATE INDEX sessions_expires_at ON sessions (expires_at);

  CREATE TABLE events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE refs (
    key TEXT PRIMARY KEY,
    session_id TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX refs_session ON refs (session_id);

  CREATE TABLE blobs (
    session_id TEXT NOT NULL,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (session_id, name)
  );

  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX webhooks_due ON webhooks (next_attempt_at);
  CREATE INDEX webhooks_session ON webhooks (session_id);
  `,
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // Big blobs in parts (sqlite-blobs.ts): `parts` names them, `data` is then empty and `size` the total.
  `
  ALTER TABLE blobs ADD COLUMN parts TEXT;
  ALTER TABLE blobs ADD COLUMN size INTEGER;

  CREATE TABLE blob_parts (
    key TEXT NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (key, part)
  );

  CREATE TRIGGER blobs_delete_parts AFTER DELETE ON blobs WHEN old.parts IS NOT NULL
  BEGIN
    DELETE FROM blob_parts WHERE key = old.parts;
  END;

  CREATE TRIGGER blobs_repoint_parts AFTER UPDATE OF parts ON blobs
  WHEN old.parts IS NOT NULL AND old.parts IS NOT new.parts
  BEGIN
    DELETE FROM blob_parts WHERE key = old.parts;
  END;
  `,
];

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The store file has schema version ${current}, newer than this relay understands (${MIGRATIONS.length}); upgrade the relay.`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

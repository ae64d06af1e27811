/**
 * SQLite that cannot write (disk full, read-only file system, I/O errors): every write goes through
 * one guard, which turns SQLite's error into a `StoreUnavailableError` naming the cause and remembers
 * it, so /readyz reports 503 until a write works again. Reads keep working meanwhile.
 */
import { StoreUnavailableError } from './shared.ts';

/** The cause, in words an operator acts on, of SQLite's storage errors; undefined for any other error. */
export function storageProblem(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'a disk I/O error';
  if (code === 'SQLITE_CANTOPEN') return 'the database file cannot be opened';
  return undefined;
}

export class WriteGuard {
  /** Why the last write failed, until one succeeds. */
  problem: StoreUnavailableError | undefined;

  /** Runs a write; a storage failure is rethrown as (and remembered as) a StoreUnavailableError. */
  write<T>(fn: () => T): T {
    try {
      const result = fn();
      this.problem = undefined;
      return result;
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      const problem = storageProblem(err);
      if (!problem) throw err;
      this.problem = new StoreUnavailableError(problem, (err as { code: string }).code, { cause: err });
      throw this.problem;
    }
  }

  /** Routes every `run` (the statements that write) of prepared statements through `write`. */
  statements<T extends object>(statements: T): T {
    for (const value of Object.values(statements)) {
      for (const s of Array.isArray(value) ? value : [value]) {
        if (typeof s?.run !== 'function') continue;
        const run = s.run.bind(s);
        s.run = (...args: unknown[]) => this.write(() => run(...args));
      }
    }
    return statements;
  }
}

/**
 * Real storage failures for the SQLite store: a small tmpfs that the test fills (the kernel answers
 * ENOSPC, SQLite SQLITE_FULL) and a read-only bind mount (EROFS). Both need mount(2), i.e. root or
 * CAP_SYS_ADMIN; `canMount()` says whether this machine allows it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

export function canMount(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'relay-mount-probe-'));
  try {
    mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk is full (ENOSPC). */
  fill(): void;
  /** Deletes the filler: space again. */
  free(): void;
  unmount(): void;
}

export function smallDisk(parent: string, size = '16m'): SmallDisk {
  const dir = join(parent, 'disk');
  mkdirSync(dir, { recursive: true });
  mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const chunk of [1 << 16, 512]) {
          const zeros = Buffer.alloc(chunk);
          try {
            for (;;) writeSync(fd, zeros);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
  };
}

/** Makes `dir` read-only where it is (a read-only bind mount over itself); returns the undo. */
export function readOnly(dir: string): () => void {
  mount(['--bind', dir, dir]);
  mount(['-o', 'remount,ro,bind', dir]);
  return () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
}

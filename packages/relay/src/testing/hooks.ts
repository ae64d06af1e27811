/**
 * TEST-ONLY hooks for the fault suite (`test/faults`), which runs the relay as a real child process
 * and needs to stop it "after X but before Y" deterministically. Both are off unless their variable
 * is set, and neither is configuration: they are deliberately absent from --help, the README's
 * variable table and config validation. Never set them in production.
 *
 * - `RELAY_TEST_CRASH_AT=<point>`: the process SIGKILLs itself on reaching that named point
 *   (`start-claimed`, `blob-written:<blob name>`), as a power cut or OOM kill would.
 * - `RELAY_TEST_CLOCK_OFFSET_MS=<ms>`: the relay's clock runs this far ahead, as if it had been down
 *   that long (lets a test see what a restart does with a claim older than its time-outs).
 */

const crashAt = process.env.RELAY_TEST_CRASH_AT;

/** Dies here when `RELAY_TEST_CRASH_AT` names this point; otherwise one string comparison. */
export function crashPoint(point: string): void {
  if (crashAt !== undefined && crashAt === point) process.kill(process.pid, 'SIGKILL');
}

/** A clock `RELAY_TEST_CLOCK_OFFSET_MS` ahead of the real one, or undefined (the real clock) when unset. */
export function testClock(): (() => Date) | undefined {
  const offset = Number(process.env.RELAY_TEST_CLOCK_OFFSET_MS ?? 0);
  if (!Number.isFinite(offset) || offset === 0) return undefined;
  return () => new Date(Date.now() + offset);
}

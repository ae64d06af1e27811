/**
 * A server under measurement runs in its own process: its memory is then its own, and each side
 * gets its own file-descriptor budget (10,000 streams are 10,000 sockets at each end).
 * Requests go over IPC as `{ rid, cmd, ...args }` and come back as `{ rid, ok, value | error }`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  proc: ChildProcess;
  /** What the child sent when it was ready (its URLs, keys). */
  ready: Record<string, unknown>;
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startChild(
  script: string,
  args: string[] = [],
  execArgv: string[] = [],
  env: Record<string, string> = {},
): Promise<Child> {
  const proc = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    proc.on(
      'message',
      (m: { rid?: number; ok?: boolean; value?: unknown; error?: string; ready?: unknown }) => {
        if (m.ready) return resolve(m.ready as Record<string, unknown>);
        const w = m.rid !== undefined ? waiting.get(m.rid) : undefined;
        if (!w) return;
        waiting.delete(m.rid!);
        if (m.ok) w.resolve(m.value);
        else w.reject(new Error(m.error ?? 'child error'));
      },
    );
  });
  return {
    proc,
    ready,
    call: <T>(cmd: string, a: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const rid = nextId++;
        waiting.set(rid, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ rid, cmd, ...a });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Child side: answer the parent's commands. */
export function serveParent(
  ready: Record<string, unknown>,
  handlers: Record<string, (args: Record<string, unknown>) => unknown>,
): void {
  process.on('message', async (m: { rid: number; cmd: string } & Record<string, unknown>) => {
    try {
      const h = handlers[m.cmd];
      if (!h) throw new Error(`unknown command ${m.cmd}`);
      process.send!({ rid: m.rid, ok: true, value: await h(m) });
    } catch (e) {
      process.send!({ rid: m.rid, ok: false, error: (e as Error).stack ?? String(e) });
    }
  });
  // A parent that crashed must not leave this server running (and its caller's shell waiting on it).
  process.on('disconnect', () => process.exit(1));
  process.send!({ ready });
}

/** Heap after full collections, then RSS: what an idle stream really keeps alive. */
export function settledMemory(): { heapUsed: number; rss: number; external: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the child with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

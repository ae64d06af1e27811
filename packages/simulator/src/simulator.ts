/** startSimulator: the mTLS Signing API, the customer pages and the control surface, in one process. */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, createApiServer } from './api/server.ts';
import { CallbackSender } from './callbacks/sender.ts';
import { type Context, DEFAULT_TIMING, type Timing } from './context.ts';
import { createControl, type SimulatorControl } from './control.ts';
import { DEFAULT_DIALECT, type Dialect, parseDialect } from './dialect.ts';
import { Faults } from './faults/faults.ts';
import { createPagesServer } from './pages/server.ts';
import { generatePkiAsync, type Pki } from './pki/generate.ts';
import { Store } from './state/store.ts';

export interface SimulatorOptions {
  /** Listen address of both servers; default 127.0.0.1. */
  host?: string;
  /** mTLS Signing API port; default 0 (random). */
  apiPort?: number;
  /** Plain-HTTP customer pages and control API port; default 0 (random). */
  pagesPort?: number;
  /** Requests with another `relyingPartyID` header get 401; default '123456789'. */
  relyingPartyId?: string;
  /** Default: a freshly generated PKI. */
  pki?: Pki;
  /** Milliseconds; the defaults suit a human, tests pass small values. */
  timing?: Partial<Timing>;
  /** Readings of the guide's ambiguous points (see README, "Dialects"); unset knobs keep the defaults. */
  dialect?: Partial<Dialect>;
  /** One line per event; never personal data. */
  log?: (line: string) => void;
}

export interface Simulator {
  /** `https://127.0.0.1:<apiPort>/signing-api/v2` */
  apiUrl: string;
  /** `http://127.0.0.1:<pagesPort>`; the web identification page is `${pagesUrl}/session/{sessionId}`. */
  pagesUrl: string;
  pki: Pki;
  relyingPartyId: string;
  control: SimulatorControl;
  close(): Promise<void>;
}

function listen(server: HttpServer | HttpsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Hanging requests (the `hang` fault) and keep-alive sockets must not hold close() up.
    server.closeAllConnections();
  });
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const pki = opts.pki ?? (await generatePkiAsync());
  const log = opts.log ?? (() => {});
  const faults = new Faults();
  const timers = new Set<NodeJS.Timeout>();
  const dialect: Dialect = { ...DEFAULT_DIALECT, ...parseDialect(opts.dialect ?? {}) };
  const ctx: Context = {
    store: new Store(),
    timing: { ...DEFAULT_TIMING, ...stripUndefined(opts.timing ?? {}) },
    dialect: { ...dialect },
    relyingPartyId: opts.relyingPartyId ?? '123456789',
    pagesUrl: '',
    callbacks: new CallbackSender(faults, log),
    faults,
    log,
    schedule(ms, fn) {
      const t = setTimeout(
        () => {
          timers.delete(t);
          Promise.resolve()
            .then(fn)
            .catch((err) => log(`scheduled task failed: ${(err as Error).name}`));
        },
        Math.max(0, ms),
      );
      timers.add(t);
    },
  };
  const clearTimers = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  const control = createControl(ctx, clearTimers, dialect);

  const api = createApiServer(ctx, pki);
  const pages = createPagesServer(ctx, control);
  let apiPort: number;
  let pagesPort: number;
  try {
    apiPort = await listen(api, opts.apiPort ?? 0, host);
    pagesPort = await listen(pages, opts.pagesPort ?? 0, host);
  } catch (err) {
    await Promise.all([closeServer(api), closeServer(pages)]);
    throw err;
  }
  ctx.pagesUrl = `http://${urlHost(host)}:${pagesPort}`;
  const apiUrl = `https://${urlHost(host)}:${apiPort}${API_PREFIX}`;
  log(`simulator API ${apiUrl}, pages ${ctx.pagesUrl}`);

  let closing: Promise<void> | undefined;
  return {
    apiUrl,
    pagesUrl: ctx.pagesUrl,
    pki,
    relyingPartyId: ctx.relyingPartyId,
    control,
    close() {
      closing ??= (async () => {
        clearTimers();
        ctx.callbacks.close();
        await Promise.all([closeServer(api), closeServer(pages)]);
      })();
      return closing;
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** How many times an operation was called (same as `sim.control.calls(op)`). */
export function operationCount(sim: Simulator, op: Parameters<SimulatorControl['calls']>[0]): number {
  return sim.control.calls(op);
}

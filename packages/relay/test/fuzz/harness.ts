/**
 * What every fuzz property shares: a real simulator and relay (memory store), a few sessions in
 * states that sit still (created, completed: no poller writes while the fuzzer runs), a record of
 * every store write, a snapshot of everything the store holds for comparison, and requests made
 * in-process with `app.request()` (thousands of cases in seconds), each with a deadline.
 */
import { createLogger } from '../../src/log/index.ts';
import { startRelay } from '../../src/server.ts';
import type { Store } from '../../src/store/types.ts';
import {
  type Harness,
  identifiedWeb,
  ORIGIN,
  samplePdf,
  server,
  startSim,
  waitStored,
} from '../api/helpers.ts';

/** Store methods that change something; the fuzzer's requests must call none of them. */
const WRITES = [
  'create',
  'transition',
  'addRefs',
  'putBlob',
  'deleteBlob',
  'rescheduleWebhook',
  'deleteWebhook',
  'purge',
  'setMeta',
] as const satisfies readonly (keyof Store)[];

export interface Fixture {
  h: Harness;
  /** A created web identification (never started) and its client token. */
  created: { id: string; clientToken: string };
  /** A completed web identification (it holds a sign session) and its client token. */
  completed: { id: string; clientToken: string };
  /** A created signing on `completed`. */
  signing: { id: string; clientToken: string };
  /** Store writes since the last `takeWrites()`. */
  takeWrites(): string[];
  /** Everything the fixture sessions and the store's counters hold, as one comparable value. */
  snapshot(): Promise<unknown>;
  /** An in-process request with a deadline (a hang fails the case instead of the whole run). */
  request(path: string, init: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const FUZZ_ORIGIN = ORIGIN;
/** Small limits, so that oversized bodies cost kilobytes, not megabytes, per case. */
export const JSON_LIMIT = 2048;
export const SIGNING_LIMIT = 8192;

export async function startFixture(): Promise<Fixture> {
  const sim = await startSim();
  const relay = await startRelay({
    simulator: sim,
    log: createLogger({ level: 'silent' }),
    config: {
      allowedOrigins: [ORIGIN],
      openStart: true,
      // Rate limits would turn most cases into 429 after the first minute's worth; lifted here
      // (they have their own tests), so the fuzzer reaches the checks behind them.
      rateLimit: { createPerMinute: 1_000_000, startPerMinute: 1_000_000, mobilePerIdPerHour: 5 },
      poll: { initialMs: 40, maxMs: 250, factor: 1.5 },
    },
    tuning: { clientRecheckMs: 0, jsonLimitBytes: JSON_LIMIT, signingLimitBytes: SIGNING_LIMIT },
  });
  const h: Harness = {
    sim,
    relay,
    url: relay.url,
    apiKey: relay.apiKey,
    logs: [],
    async close() {
      await relay.close();
      await sim.close();
    },
  };

  const completed = await identifiedWeb(h);
  const createdRes = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'Fuzz' });
  const created = createdRes.body as { id: string; clientToken: string };
  const signingRes = await server(h, 'POST', '/v1/signings', {
    identificationId: completed.id,
    documents: [{ fileName: 'a.pdf', title: 'A', content: samplePdf().toString('base64') }],
  });
  if (signingRes.status !== 201) throw new Error(`fixture signing: ${JSON.stringify(signingRes.body)}`);
  const signing = signingRes.body as { id: string; clientToken: string };
  await waitStored(h, completed.id, 'completed');

  const store = relay.deps.store;
  let writes: string[] = [];
  for (const name of WRITES) {
    const original = (store[name] as (...a: unknown[]) => unknown).bind(store);
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      writes.push(`${name}(${String(args[0])})`);
      return original(...args);
    };
  }

  const ids = [created.id, completed.id, signing.id];
  return {
    h,
    created,
    completed: { id: completed.id, clientToken: completed.clientToken },
    signing,
    takeWrites() {
      const w = writes;
      writes = [];
      return w;
    },
    async snapshot() {
      const sessions = await Promise.all(
        ids.map(async (id) => ({
          record: await store.get(id),
          events: await store.events(id),
          original: Buffer.from((await store.getBlob(id, 'original/0')) ?? []).toString('base64'),
        })),
      );
      return {
        counts: await store.countByStatus(),
        active: (await store.listActive()).map((s) => s.id).sort(),
        webhooks: (await store.dueWebhooks(new Date(8.64e15), 1000)).length,
        sessions,
      };
    },
    async request(path, init) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within 10 s: ${init.method} ${path}`)), 10_000);
      });
      try {
        return await Promise.race([relay.app.request(path, init), deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => h.close(),
  };
}

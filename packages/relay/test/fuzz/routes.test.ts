/**
 * Property-based fuzzing of every server, client and callback route (fast-check, in-process through
 * `app.request()` against a relay with a real simulator behind it). Each generated request is
 * invalid in exactly one way; each must get a 4xx `application/problem+json` with a known `code`
 * (never a 5xx, never a hang), make no store write, leave the store's contents as they were, and
 * raise no unhandled rejection. `FUZZ_SEED` replays a failing run; `FUZZ_RUNS` scales the volume.
 */
import { ERROR_CODES } from '@borica-identify/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './harness.ts';
import { clientCases, type FuzzRequest, otherCases, serverCases } from './requests.ts';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const CODES = new Set<string>(ERROR_CODES);

let f: Fixture;
let cases = 0;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  f = await startFixture();
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await f?.close();
});

async function refused(req: FuzzRequest): Promise<void> {
  cases++;
  const before = await f.snapshot();
  f.takeWrites();
  const res = await f.request(req.path, {
    method: req.method,
    headers: req.headers,
    ...(req.body !== undefined && { body: req.body }),
  });
  const text = await res.text();
  const where = `${req.label} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  expect(res.headers.get('content-type'), where).toBe('application/problem+json');
  const body = JSON.parse(text) as { code?: string; status?: number };
  expect(CODES.has(body.code ?? ''), where).toBe(true);
  expect(body.status, where).toBe(res.status);
  // Let anything the request set off (a confirmation, a callback hint) run before looking.
  await new Promise((r) => setImmediate(r));
  expect(f.takeWrites(), where).toEqual([]);
  expect(await f.snapshot(), where).toEqual(before);
}

function check(arb: fc.Arbitrary<FuzzRequest>, numRuns: number) {
  return fc.assert(fc.asyncProperty(arb, refused), {
    numRuns: Math.round(numRuns * SCALE),
    ...(SEED !== undefined && { seed: SEED }),
  });
}

const ids = () => ({ created: f.created, completed: f.completed, signing: f.signing, apiKey: f.h.apiKey });

describe('fuzz: every invalid request is a 4xx problem and changes nothing', () => {
  it('server API', async () => {
    await check(serverCases(ids()), 700);
  }, 120_000);

  it('client API and open start', async () => {
    await check(clientCases(ids()), 700);
  }, 120_000);

  it('callbacks, wrong methods, unknown paths', async () => {
    await check(otherCases(ids()), 500);
  }, 120_000);

  it('a Last-Event-ID of any shape on a valid stream: the current state first, no 5xx, no write', async () => {
    const lastEventIds = fc.oneof(
      fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 30,
      }),
      fc.integer({ min: -5, max: 10 }).map(String),
      fc.constantFrom('1e2', '0x1', ' 1 ', '999999999999999999999', '-0', '1.5'),
    );
    await fc.assert(
      fc.asyncProperty(lastEventIds, async (lastEventId) => {
        cases++;
        const before = await f.snapshot();
        f.takeWrites();
        const res = await f.request(`/v1/client/sessions/${f.completed.id}/events`, {
          method: 'GET',
          headers: { authorization: `Bearer ${f.completed.clientToken}`, 'last-event-id': lastEventId },
        });
        expect(res.status).toBe(200);
        // A completed session's stream sends what is due and ends by itself.
        const text = await res.text();
        const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
        const seq = /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : undefined;
        const events = await f.h.relay.deps.store.events(f.completed.id);
        const latest = events.at(-1)!.seq;
        if (seq === undefined || seq > latest) expect(ids, lastEventId).toEqual([latest]);
        else expect(ids, lastEventId).toEqual(events.filter((e) => e.seq > seq).map((e) => e.seq));
        expect(f.takeWrites()).toEqual([]);
        expect(await f.snapshot()).toEqual(before);
      }),
      { numRuns: Math.round(100 * SCALE), ...(SEED !== undefined && { seed: SEED }) },
    );
  }, 60_000);

  it('ran at least 2,000 cases and raised no unhandled rejection', () => {
    expect(cases).toBeGreaterThanOrEqual(2000 * Math.min(1, SCALE));
    expect(rejections).toEqual([]);
  });
});

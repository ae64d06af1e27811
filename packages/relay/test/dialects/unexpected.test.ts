/**
 * Answers in a shape the relay does not know never fail a session: a warning naming the operation and
 * the keys and value types seen (never values), relay_provider_unexpected_total{operation}, and the
 * session keeps polling (and completes once the provider answers as it should again).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, type Harness, server, startedWeb, startHarness, waitFor, waitStatus } from '../api/helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timing: { processingMs: 0 } });
}, 30_000);
afterAll(() => h?.close());

const counter = async (operation: string) => {
  const text = (await call(h, 'GET', '/metrics')).body as string;
  const m = new RegExp(`^relay_provider_unexpected_total\\{operation="${operation}"\\} (\\d+)`, 'm').exec(
    text,
  );
  return m ? Number(m[1]) : 0;
};
const warnings = (operation: string) =>
  h.logs.map((l) => JSON.parse(l)).filter((l) => l.level === 'warn' && l.operation === operation);

it('an unknown answer shape is warned and counted, the session keeps polling, then completes', {
  timeout: 60_000,
}, async () => {
  const s = await startedWeb(h);
  const secretName = 'Петър Иванов';
  for (const op of ['getWebIdentificationStatus', 'getRegistrationStatus'] as const) {
    h.sim.control.faults.set(op, {
      body: { payload: { state: 'DONE', ref: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', who: secretName } },
    });
  }
  try {
    await h.sim.control.completeIdentification(s.customerSession, 'success');
    await waitFor(
      async () => (await counter('getWebIdentificationStatus')) >= 2,
      'two unexpected answers counted',
    );
    expect(await counter('getRegistrationStatus')).toBeGreaterThanOrEqual(1);
    const warning = warnings('getWebIdentificationStatus')[0];
    expect(warning.keys).toEqual(['payload.state:string', 'payload.ref:string:uuid', 'payload.who:string']);
    expect(warning.msg).toMatch(/shape the relay does not know/);
    const line = JSON.stringify(warnings('getWebIdentificationStatus'));
    expect(line).not.toContain(secretName);
    expect(line).not.toContain('f81d4fae');
    // Not failed: still waiting, and polled on (the counter keeps rising).
    expect((await h.relay.deps.store.get(s.id))?.status).toBe('started');
    const seen = await counter('getWebIdentificationStatus');
    await waitFor(async () => (await counter('getWebIdentificationStatus')) > seen, 'another poll');
  } finally {
    h.sim.control.faults.clear();
  }
  await waitStatus(h, s.id, 'completed');
});

it('a status value the guide does not list is warned with its enumeration value and polled on', {
  timeout: 60_000,
}, async () => {
  const s = await startedWeb(h);
  h.sim.control.faults.set('getWebIdentificationStatus', {
    body: {
      data: { status: 'VIDEO_CALL_QUEUED', step: 'WAITING_FOR_OPERATOR' },
      code: 'OK',
      responseCode: 'OK',
    },
    times: 3,
  });
  await waitFor(
    async () => warnings('getWebIdentificationStatus').some((w) => w.reason === 'value'),
    'a value warning',
  );
  const w = warnings('getWebIdentificationStatus').find((x) => x.reason === 'value');
  expect(w.keys).toEqual(['status:enum:VIDEO_CALL_QUEUED', 'step:enum:WAITING_FOR_OPERATOR']);
  await h.sim.control.completeIdentification(s.customerSession, 'success');
  await waitStatus(h, s.id, 'completed');
});

it('a callback in an unknown shape still makes the relay look, and is counted', {
  timeout: 60_000,
}, async () => {
  const before = await counter('callback');
  const urls: string[] = [];
  const provider = h.relay.deps.provider;
  const original = provider.startWebIdentification.bind(provider);
  provider.startWebIdentification = (req, o) => {
    urls.push(req.requestCallbackUrl);
    return original(req, o);
  };
  const s = await startedWeb(h);
  provider.startWebIdentification = original;
  h.sim.control.faults.callbacks({ drop: true });
  try {
    await h.sim.control.completeIdentification(s.customerSession, 'success');
    const r = await fetch(urls[0]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'done', session: { id: 42 } }),
    });
    expect(r.status).toBe(200);
    await waitStatus(h, s.id, 'completed');
    expect(await counter('callback')).toBe(before + 1);
    expect(warnings('callback').at(-1).keys).toEqual(['event:string', 'session.id:number']);
  } finally {
    h.sim.control.faults.clear();
  }
  expect((await server(h, 'GET', `/v1/identifications/${s.id}`)).body.status).toBe('completed');
});

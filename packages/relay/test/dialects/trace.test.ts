/**
 * BORICA_TRACE: one JSON line per provider exchange and per callback, in shapes only. Proven here by
 * tracing whole sessions (web identification with a named person, signing, B-Trust MOBILE) and finding
 * none of their values in the file — every leaf is a type word or an enumeration value.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  client,
  type Harness,
  PERSON,
  samplePdf,
  server,
  startedWeb,
  startHarness,
  waitFor,
  waitStatus,
} from '../api/helpers.ts';

let h: Harness;
let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'relay-trace-'));
  file = join(dir, 'borica-trace.jsonl');
  h = await startHarness({
    timing: { processingMs: 0, mobileOnboardingMs: 20 },
    config: { trace: file },
  });
  // Every kind of answer the dialects know: loose ones carry extra fields and other dates.
  h.sim.control.setDialect({ loose: true, callbacks: 'all' });
}, 30_000);
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const TYPE_WORD =
  /^(string(:(empty|date|uuid|digits))?|number|boolean|null|object|array|empty|not-json|enum:[A-Z][A-Z0-9_ ]*)$/;

function leaves(shape: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(shape)) for (const x of shape) leaves(x, out);
  else if (typeof shape === 'object' && shape !== null) for (const v of Object.values(shape)) leaves(v, out);
  else out.push(shape);
  return out;
}

it('holds no value of the sessions it traced', { timeout: 60_000 }, async () => {
  const person = { name: 'Гергана Тодорова', egn: '8001010008', phone: '+359877654321' };
  const web = await startedWeb(h, { reason: 'Account opening' });
  await h.sim.control.completeIdentification(web.customerSession, 'success', person);
  await waitStatus(h, web.id, 'completed');
  const content = samplePdf('Loan agreement').toString('base64');
  const created = await server(h, 'POST', '/v1/signings', {
    identificationId: web.id,
    documents: [{ fileName: 'loan.pdf', title: 'Loan agreement', content }],
  });
  const start = await client(
    h,
    created.body.clientToken,
    'POST',
    `/v1/client/sessions/${created.body.id}/start`,
    {
      consent: true,
    },
  );
  await h.sim.control.sign((start.body.redirectUrl as string).split('/').at(-1)!, 'sign');
  await waitStatus(h, created.body.id, 'completed');

  const mobile = await server(h, 'POST', '/v1/identifications', {
    method: 'mobile',
    reason: 'Loan',
    person: PERSON,
  });
  await client(h, mobile.body.clientToken, 'POST', `/v1/client/sessions/${mobile.body.id}/start`, {
    consent: true,
  });
  const callbackId = await waitFor(
    async () => (await h.relay.deps.store.get(mobile.body.id))?.refs.callbackId,
    'callbackId',
  );
  await waitStatus(h, mobile.body.id, 'in_progress');
  await h.sim.control.completeMobile(callbackId, 'approve');
  await waitStatus(h, mobile.body.id, 'completed');

  const idn = (await h.relay.deps.store.get(web.id))!;
  const sig = (await h.relay.deps.store.get(created.body.id))!;
  const mob = (await h.relay.deps.store.get(mobile.body.id))!;
  const values = [
    person.name,
    person.egn,
    person.phone,
    person.phone.slice(1),
    PERSON.id,
    PERSON.phone,
    PERSON.email,
    web.id,
    created.body.id,
    idn.refs.webSessionId!,
    idn.refs.sessionId!,
    idn.refs.registrationId!,
    idn.result!.clientIdentificator,
    sig.refs.signSessionId!,
    sig.refs.clientDocumentUrl!,
    mob.refs.callbackId!,
    'Account opening',
    'Loan agreement',
    'loan.pdf',
    content.slice(0, 40),
    'JVBER', // any base64 PDF
    h.sim.relyingPartyId,
  ];

  const text = await readFile(file, 'utf8');
  for (const v of values) expect(text, `the trace holds ${v}`).not.toContain(v);
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const ops = new Set(lines.map((l) => l.operation));
  for (const op of [
    'startWebIdentification',
    'createRegistration',
    'getWebIdentificationStatus',
    'getRegistrationStatus',
    'getWebIdentificationResults',
    'startSigning',
    'getSignResults',
    'identification',
    'getIdentificationResult',
    'callback',
  ]) {
    expect(ops, op).toContain(op);
  }
  for (const l of lines) {
    expect(Object.keys(l).sort()).toEqual(
      l.kind === 'callback'
        ? ['at', 'body', 'httpStatus', 'kind', 'operation']
        : expect.arrayContaining([
            'at',
            'httpStatus',
            'kind',
            'method',
            'ms',
            'operation',
            'path',
            'response',
          ]),
    );
    if (l.path)
      expect(l.path).toMatch(/^(\/([a-z-]+|\{id\}|CREATE_SIGN_SESSION_REQUEST|SIGN_SESSION|true|false))+$/);
    // Resultids are small integers: no leaf may be anything but a type word.
    for (const leaf of leaves([l.request, l.response, l.body].filter(Boolean)))
      expect(leaf).toMatch(TYPE_WORD);
  }
  // What the trace is for: the shapes BORICA really sent, with enumeration values.
  const status = lines.find((l) => l.operation === 'getWebIdentificationStatus' && l.response?.data?.status);
  expect(status.response.data.status).toMatch(/^enum:[A-Z_]+$/);
  const cbs = lines.filter((l) => l.operation === 'callback').map((l) => l.body.data);
  expect(cbs).toContainEqual(
    expect.objectContaining({ processState: 'enum:CREATE_SIGN_SESSION_REQUEST', resultId: 'string:digits' }),
  );
  expect(cbs).toContainEqual(
    expect.objectContaining({ processState: 'enum:SIGN_SESSION', resultId: 'number' }),
  );
});

/** Driving sessions through a chosen instance, as a relying party's backend and a widget would. */
import { expect } from 'vitest';
import { openEvents, PERSON, samplePdf } from '../api/helpers.ts';
import { api, type Cluster, clientCall, type Instance } from './cluster.ts';

let ipSeq = 0;
/** A fresh client IP per call (RELAY_TRUST_PROXY is on), so per-IP limits only bite where a test means them to. */
export function freshIp(): Record<string, string> {
  ipSeq++;
  return { 'x-forwarded-for': `10.9.${Math.floor(ipSeq / 250)}.${ipSeq % 250}` };
}

export interface Started {
  id: string;
  token: string;
  customerSession?: string;
  callbackId?: string;
  signToken?: string;
}

async function start(at: Instance, id: string, token: string): Promise<{ redirectUrl?: string }> {
  const r = await fetch(`${at.url}/v1/client/sessions/${id}/start`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...freshIp() },
    body: JSON.stringify({ consent: true }),
  });
  const body = (await r.json()) as { redirectUrl?: string };
  if (r.status !== 200) throw new Error(`start on ${at.name}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

export async function startWeb(c: Cluster, createOn: Instance, startOn = createOn): Promise<Started> {
  const created = await api(c, createOn, 'POST', '/v1/identifications', { method: 'web', reason: 'Account' });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body as { id: string; clientToken: string };
  const { redirectUrl } = await start(startOn, id, clientToken);
  return { id, token: clientToken, customerSession: decodeURIComponent(redirectUrl!.split('/session/')[1]!) };
}

export const OTHER_PERSON = { ...PERSON, id: '8001010008', dateOfBirth: '1980-01-01' };

export async function startMobileOn(
  c: Cluster,
  at: Instance,
  person: object = OTHER_PERSON,
): Promise<Started> {
  const created = await api(c, at, 'POST', '/v1/identifications', {
    method: 'mobile',
    reason: 'Loan',
    person,
  });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body as { id: string; clientToken: string };
  await start(at, id, clientToken);
  const rec = await c.store.get(id);
  return { id, token: clientToken, callbackId: rec!.refs.callbackId! };
}

export async function startSigningOn(c: Cluster, at: Instance, identificationId: string): Promise<Started> {
  const created = await api(c, at, 'POST', '/v1/signings', {
    identificationId,
    documents: [{ fileName: 'contract.pdf', title: 'Contract', content: samplePdf().toString('base64') }],
  });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body as { id: string; clientToken: string };
  const { redirectUrl } = await start(at, id, clientToken);
  return { id, token: clientToken, signToken: redirectUrl!.split('/').at(-1)! };
}

export function streamOn(at: Instance, s: Started, lastEventId?: number) {
  return openEvents(at, s.id, s.token, lastEventId === undefined ? {} : { lastEventId });
}

export { clientCall };

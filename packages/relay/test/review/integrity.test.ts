/**
 * Review: a session must never complete without what completing promises (the eID certificate, every
 * signed document), whatever the provider answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  type Harness,
  identifiedWeb,
  isPdf,
  samplePdf,
  server,
  startedWeb,
  startHarness,
  waitFor,
  waitStatus,
  waitStored,
} from '../api/helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: { rateLimit: { createPerMinute: 1000, startPerMinute: 1000, mobilePerIdPerHour: 50 } },
  });
}, 30_000);
afterAll(() => h?.close());

function docs(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    fileName: `contract-${i + 1}.pdf`,
    title: `Contract ${i + 1}`,
    content: samplePdf(`Contract ${i + 1}`).toString('base64'),
  }));
}

async function startSigning(identificationId: string, n: number) {
  const created = await server(h, 'POST', '/v1/signings', { identificationId, documents: docs(n) });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body;
  const start = await client(h, clientToken, 'POST', `/v1/client/sessions/${id}/start`, { consent: true });
  expect(start.status).toBe(200);
  return { id, signToken: (start.body.redirectUrl as string).split('/').at(-1)! };
}

describe('review: completion carries its results', () => {
  it('a signing result without the signed documents does not complete the signing', async () => {
    const idn = await identifiedWeb(h);
    const signing = await startSigning(idn.id, 2);
    const calls = h.sim.control.calls('getWebIdentificationResults');
    // The provider says "signed" but its result read lacks the documents (once).
    h.sim.control.faults.set('getWebIdentificationResults', {
      body: { data: { signDocuments: [], signSessionId: 'next-sign-session' } },
      times: 1,
    });
    await h.sim.control.sign(signing.signToken, 'sign');
    await waitFor(
      async () => h.sim.control.calls('getWebIdentificationResults') > calls,
      'the faulty result read',
    );
    const view = await waitStatus(h, signing.id, 'completed');
    expect(view.documents.map((d: { url?: string }) => Boolean(d.url))).toEqual([true, true]);
    for (const i of [0, 1]) {
      const doc = await server(h, 'GET', `/v1/signings/${signing.id}/documents/${i}`);
      expect(doc.status).toBe(200);
      expect(isPdf(doc.body)).toBe(true);
    }
  });

  it('a signed document is never matched twice: renamed results do not swap contents', async () => {
    const idn = await identifiedWeb(h);
    const signing = await startSigning(idn.id, 2);
    const a = samplePdf('signed A').toString('base64');
    const b = samplePdf('signed B').toString('base64');
    // The second document keeps its name, the first comes back renamed and listed second.
    h.sim.control.faults.set('getWebIdentificationResults', {
      body: {
        data: {
          signDocuments: [
            { filename: 'contract-2.pdf', contentAsBase64: b },
            { filename: 'contract-1-signed.pdf', contentAsBase64: a },
          ],
          signSessionId: 'next-sign-session-2',
        },
      },
    });
    try {
      await h.sim.control.sign(signing.signToken, 'sign');
      await waitStatus(h, signing.id, 'completed');
      const first = await server(h, 'GET', `/v1/signings/${signing.id}/documents/0`);
      const second = await server(h, 'GET', `/v1/signings/${signing.id}/documents/1`);
      expect(Buffer.compare(second.body, Buffer.from(b, 'base64'))).toBe(0);
      expect(Buffer.compare(first.body, Buffer.from(a, 'base64'))).toBe(0);
    } finally {
      h.sim.control.faults.clear('getWebIdentificationResults');
    }
  });

  it('an identification result without the eID certificate does not complete the identification', async () => {
    const s = await startedWeb(h);
    const calls = h.sim.control.calls('getWebIdentificationResults');
    h.sim.control.faults.set('getWebIdentificationResults', {
      body: {
        data: {
          clientIdentificator: 'abc123',
          signSessionId: 'sign-session-without-cert',
          signSessionIdExpireDate: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
      times: 1,
    });
    await h.sim.control.completeIdentification(s.customerSession, 'success');
    await waitFor(
      async () => h.sim.control.calls('getWebIdentificationResults') > calls,
      'the faulty result read',
    );
    await waitStored(h, s.id, 'completed');
    const cert = await server(h, 'GET', `/v1/identifications/${s.id}/certificate`);
    expect(cert.status).toBe(200);
    expect(isPdf(cert.body)).toBe(true);
  });

  it('a certificate that is not a PDF is not accepted as the result', async () => {
    const s = await startedWeb(h);
    const calls = h.sim.control.calls('getWebIdentificationResults');
    h.sim.control.faults.set('getWebIdentificationResults', {
      body: {
        data: {
          eIDDocAsBase64: Buffer.from('<html>error</html>').toString('base64'),
          clientIdentificator: 'abc123',
          signSessionId: 'sign-session-bad-cert',
        },
      },
      times: 1,
    });
    await h.sim.control.completeIdentification(s.customerSession, 'success');
    await waitFor(
      async () => h.sim.control.calls('getWebIdentificationResults') > calls,
      'the faulty result read',
    );
    await waitStored(h, s.id, 'completed');
    const cert = await server(h, 'GET', `/v1/identifications/${s.id}/certificate`);
    expect(isPdf(cert.body)).toBe(true);
  });
});

/** Signing with OTC after a web identification: sign sessions are consumed once and handed on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { SigningApiError } from '../../src/provider/index.ts';
import {
  client,
  type Harness,
  identifiedWeb,
  isPdf,
  openEvents,
  samplePdf,
  server,
  waitStatus,
} from './helpers.ts';

export function signingCases(get: () => Harness): void {
  let h!: Harness;
  beforeAll(() => {
    h = get();
  });

  function docs(n = 1) {
    return Array.from({ length: n }, (_, i) => ({
      fileName: `contract-${i + 1}.pdf`,
      title: `Contract ${i + 1}`,
      content: samplePdf(`Contract ${i + 1}`).toString('base64'),
      visualSignature: { page: 1, x: 50, y: 600, width: 180, height: 60 },
    }));
  }

  async function startSigning(identificationId: string, n = 1) {
    const created = await server(h, 'POST', '/v1/signings', { identificationId, documents: docs(n) });
    expect(created.status).toBe(201);
    const { id, clientToken } = created.body;
    const pub = await client(h, clientToken, 'GET', `/v1/client/sessions/${id}`);
    expect(pub.body.documents).toEqual(docs(n).map((d) => ({ fileName: d.fileName, title: d.title })));
    const start = await client(h, clientToken, 'POST', `/v1/client/sessions/${id}/start`, { consent: true });
    expect(start.status).toBe(200);
    const redirectUrl = start.body.redirectUrl as string;
    return { id, clientToken, redirectUrl, signToken: redirectUrl.split('/').at(-1)! };
  }

  describe('signing', () => {
    it('signs, serves the signed PDFs, and a second signing uses the new sign session', async () => {
      const idn = await identifiedWeb(h);
      const first = await startSigning(idn.id, 2);
      expect(first.redirectUrl).toContain('/cqes/api/web-identification/');
      // The originals reached the provider with the guide's field names; our copies are gone.
      const sent = h.sim.control.lastSigningDocuments(first.signToken);
      expect(sent.map((d) => d.fileName)).toEqual(['contract-1.pdf', 'contract-2.pdf']);
      expect(await h.relay.deps.store.getBlob(first.id, 'original/0')).toBeNull();
      // While the first signing holds the sign session, another signing cannot start.
      const blocked = await server(h, 'POST', '/v1/signings', {
        identificationId: idn.id,
        documents: docs(),
      });
      expect(blocked.status).toBe(409);

      const stream = openEvents(h, first.id, first.clientToken);
      await h.sim.control.sign(first.signToken, 'sign');
      const view = await waitStatus(h, first.id, 'completed');
      expect(view.documents).toHaveLength(2);
      expect(view.documents[0].url).toBe(`${h.url}/v1/signings/${first.id}/documents/0`);
      await stream.done;
      expect(stream.events.at(-1)!.data.status).toBe('completed');

      const signed = await server(h, 'GET', `/v1/signings/${first.id}/documents/1`);
      expect(signed.status).toBe(200);
      expect(signed.headers.get('content-type')).toBe('application/pdf');
      expect(isPdf(signed.body)).toBe(true);
      expect(Buffer.compare(signed.body, samplePdf('Contract 2'))).not.toBe(0);
      expect((await server(h, 'GET', `/v1/signings/${first.id}/documents/2`)).status).toBe(404);

      const idnView = await server(h, 'GET', `/v1/identifications/${idn.id}`);
      expect(idnView.body.result.signSessionExpiresAt).toBeTruthy();

      const second = await startSigning(idn.id);
      await h.sim.control.sign(second.signToken, 'sign');
      await waitStatus(h, second.id, 'completed');
      const doc = await server(h, 'GET', `/v1/signings/${second.id}/documents/0`);
      expect(isPdf(doc.body)).toBe(true);
    });

    it('completes on a callback whose signed documents the provider serves, even if its status still reads SIGN_SESSION', async () => {
      const idn = await identifiedWeb(h);
      const signing = await startSigning(idn.id);
      // The guide does not name a finished signing's status: pretend it stays at SIGN_SESSION.
      h.sim.control.faults.set('getWebIdentificationStatus', {
        status: 200,
        body: {
          data: { status: 'SIGN_SESSION', step: 'START' },
          responseCode: 'OK',
          code: 'OK',
          message: 'OK',
        },
      });
      try {
        await h.sim.control.sign(signing.signToken, 'sign');
        const view = await waitStatus(h, signing.id, 'completed');
        expect(view.documents[0].url).toBe(`${h.url}/v1/signings/${signing.id}/documents/0`);
        const doc = await server(h, 'GET', `/v1/signings/${signing.id}/documents/0`);
        expect(isPdf(doc.body)).toBe(true);
      } finally {
        h.sim.control.faults.clear('getWebIdentificationStatus');
      }
    });

    it('cancelled by the customer → cancelled', async () => {
      const idn = await identifiedWeb(h);
      const s = await startSigning(idn.id);
      await h.sim.control.sign(s.signToken, 'cancel');
      const view = await waitStatus(h, s.id, 'cancelled');
      expect(view.provider.status).toBe('PROCESS_IS_CANCELED_BY_USER');
      const doc = await server(h, 'GET', `/v1/signings/${s.id}/documents/0`);
      expect(doc.status).toBe(409);
    });

    it('refuses documents that are not PDFs, naming the document', async () => {
      const idn = await identifiedWeb(h);
      const r = await server(h, 'POST', '/v1/signings', {
        identificationId: idn.id,
        documents: [
          ...docs(1),
          { fileName: 'b.pdf', title: 'B', content: Buffer.from('hello').toString('base64') },
        ],
      });
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([{ path: 'documents.1.content', message: expect.any(String) }]);
    });

    it('needs a completed web identification', async () => {
      const created = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      const r = await server(h, 'POST', '/v1/signings', {
        identificationId: created.body.id,
        documents: docs(),
      });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('identification_not_ready');
      const missing = await server(h, 'POST', '/v1/signings', {
        identificationId: 'idn_nope',
        documents: docs(),
      });
      expect(missing.status).toBe(404);
    });

    it("sends the guide's fields; a start that never reached the provider gives the sign session back", async () => {
      const idn = await identifiedWeb(h);
      const provider = h.relay.deps.provider;
      const original = provider.startSigning.bind(provider);
      const requests: Parameters<typeof provider.startSigning>[0][] = [];
      let failNext = true;
      provider.startSigning = async (req, o) => {
        requests.push(req);
        if (failNext) {
          failNext = false;
          throw new SigningApiError({
            code: 'BORICA_NETWORK',
            operation: 'startSigning',
            message: 'connection refused',
            reachedProvider: false,
          });
        }
        return original(req, o);
      };
      try {
        const created = await server(h, 'POST', '/v1/signings', {
          identificationId: idn.id,
          documents: [{ ...docs(1)[0], archive: true }],
          emailSignedDocuments: true,
        });
        const path = `/v1/client/sessions/${created.body.id}/start`;
        const first = await client(h, created.body.clientToken, 'POST', path, { consent: true });
        expect(first.status).toBe(502);
        expect(first.body.code).toBe('provider_unavailable');
        expect((await server(h, 'GET', `/v1/signings/${created.body.id}`)).body.status).toBe('created');
        const restored = await h.relay.deps.store.get(idn.id);
        expect(restored!.result!.signSessionId).toBe(requests[0]!.signSessionId);

        const second = await client(h, created.body.clientToken, 'POST', path, { consent: true });
        expect(second.status).toBe(200);
        const req = requests[1]!;
        expect(req.signSessionId).toBe(requests[0]!.signSessionId);
        expect(req.sendSignedDocumentsByEmail).toBe(true);
        expect(req.documentsForSign).toEqual([
          {
            contentAsBase64: docs(1)[0]!.content,
            fileName: 'contract-1.pdf',
            legalFileName: 'Contract 1',
            padesVisualSignature: true,
            signaturePosition: {
              imageXAxis: 50,
              imageYAxis: 600,
              imageWidth: 180,
              imageHeight: 60,
              pageNumber: 1,
            },
            toBeArhieved: true,
          },
        ]);
        expect(new URL(req.successUrl).searchParams.get('borica_session')).toBe(created.body.id);
        expect((await h.relay.deps.store.get(idn.id))!.result!.signSessionId).toBeUndefined();
      } finally {
        provider.startSigning = original;
      }
    });

    it('a provider rejection at start fails the signing and keeps the sign session consumed', async () => {
      const idn = await identifiedWeb(h);
      const created = await server(h, 'POST', '/v1/signings', {
        identificationId: idn.id,
        documents: docs(),
      });
      // REJECTED (e.g. the sign session already used or expired); a plain 400 refusal of the request
      // gives the sign session back instead (test/review/integrity.test.ts).
      h.sim.control.faults.set('startSigning', {
        status: 400,
        body: { data: null, code: 'REJECTED', message: 'The request is rejected.' },
        times: 1,
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
      expect(start.status).toBe(422);
      expect(start.body.code).toBe('provider_rejected');
      // It reached the provider: the sign session stays consumed, the signing failed.
      const view = await server(h, 'GET', `/v1/signings/${created.body.id}`);
      expect(view.body.status).toBe('failed');
      const rec = await h.relay.deps.store.get(idn.id);
      expect(rec!.result!.signSessionId).toBeUndefined();
    });
  });
}

/** A caller's mistake is always a 4xx problem+json naming what is wrong, never a 5xx. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CallResult,
  call,
  type Harness,
  identifiedWeb,
  samplePdf,
  server,
  startedWeb,
} from './helpers.ts';

export function badInputCases(get: () => Harness): void {
  let h!: Harness;
  beforeAll(() => {
    h = get();
  });

  function expectProblem(r: CallResult, status: number, code: string) {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status, code, type: `https://borica-identify.dev/problems/${code}` });
    expect(typeof r.body.title).toBe('string');
  }

  describe('bad input', () => {
    const auth = () => ({ authorization: `Bearer ${h.apiKey}` });

    it('malformed JSON → 400 invalid_json', async () => {
      const r = await call(h, 'POST', '/v1/identifications', {
        raw: '{"method":',
        headers: { ...auth(), 'content-type': 'application/json' },
      });
      expectProblem(r, 400, 'invalid_json');
      const empty = await call(h, 'POST', '/v1/identifications', {
        raw: '',
        headers: { ...auth(), 'content-type': 'application/json' },
      });
      expect(empty.status).toBe(400);
    });

    it('wrong content type → 415', async () => {
      const r = await call(h, 'POST', '/v1/identifications', {
        raw: 'method=web',
        headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(r, 415, 'unsupported_media_type');
    });

    it('wrong types and unknown fields → 400 naming each path', async () => {
      const r = await server(h, 'POST', '/v1/identifications', {
        method: 'telepathy',
        reason: 42,
        web: { verifyEmail: 'yes' },
        surprise: true,
      });
      expectProblem(r, 400, 'invalid_request');
      const paths = r.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['method', 'reason', 'web.verifyEmail', 'surprise']));
      const arr = await server(h, 'POST', '/v1/identifications', [1, 2]);
      expectProblem(arr, 400, 'invalid_request');
      const nul = await call(h, 'POST', '/v1/identifications', {
        raw: 'null',
        headers: { ...auth(), 'content-type': 'application/json' },
      });
      expectProblem(nul, 400, 'invalid_request');
    });

    it('oversize bodies → 413 (JSON limit and the larger signing limit)', async () => {
      const big = await server(h, 'POST', '/v1/identifications', {
        method: 'web',
        reason: 'x'.repeat(10_000),
      });
      expectProblem(big, 413, 'payload_too_large');
      const chunked = await fetch(`${h.url}/v1/identifications`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode(`{"method":"web","reason":"${'y'.repeat(9000)}"}`));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      const idn = await identifiedWeb(h);
      const hugeDoc = {
        fileName: 'a.pdf',
        title: 'A',
        content: Buffer.concat([samplePdf(), Buffer.alloc(70 * 1024)]).toString('base64'),
      };
      const signing = await server(h, 'POST', '/v1/signings', {
        identificationId: idn.id,
        documents: [hugeDoc],
      });
      expectProblem(signing, 413, 'payload_too_large');
      // Under the signing limit, though over the JSON one, is fine.
      const mid = {
        ...hugeDoc,
        content: Buffer.concat([samplePdf(), Buffer.alloc(8 * 1024)]).toString('base64'),
      };
      expect(
        (await server(h, 'POST', '/v1/signings', { identificationId: idn.id, documents: [mid] })).status,
      ).toBe(201);
    });

    it('signing bodies: bad base64, no documents, bad visual signature', async () => {
      const r = await server(h, 'POST', '/v1/signings', {
        identificationId: 'idn_x',
        documents: [
          {
            fileName: '../etc/passwd',
            title: '',
            content: '***',
            visualSignature: { page: 0, x: -1, y: 0, width: 0, height: 1 },
          },
        ],
      });
      expectProblem(r, 400, 'invalid_request');
      const paths = r.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'documents.0.fileName',
          'documents.0.title',
          'documents.0.content',
          'documents.0.visualSignature.page',
          'documents.0.visualSignature.x',
          'documents.0.visualSignature.width',
        ]),
      );
      expectProblem(
        await server(h, 'POST', '/v1/signings', { identificationId: 'idn_x', documents: [] }),
        400,
        'invalid_request',
      );
    });

    it('start without consent → 400 consent_required naming consent', async () => {
      const created = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      for (const body of [undefined, {}, { consent: false }, { consent: 'true' }]) {
        const r = await call(h, 'POST', `/v1/client/sessions/${created.body.id}/start`, {
          token: created.body.clientToken,
          ...(body !== undefined ? { body } : {}),
        });
        expectProblem(r, 400, 'consent_required');
        expect(r.body.errors[0].path).toBe('consent');
      }
      expect((await server(h, 'GET', `/v1/identifications/${created.body.id}`)).body.status).toBe('created');
    });

    it('unknown routes → 404 problem; wrong method → 405 problem with Allow', async () => {
      expectProblem(await call(h, 'GET', '/v1/nothing-here'), 404, 'not_found');
      expectProblem(await server(h, 'GET', '/v1/identifications/idn_missing'), 404, 'not_found');
      const s = await startedWeb(h);
      // A signing id is not an identification, and vice versa.
      expectProblem(await server(h, 'GET', `/v1/signings/${s.id}`), 404, 'not_found');
      const r = await call(h, 'DELETE', '/v1/identifications');
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toContain('POST');
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect((await call(h, 'PUT', `/v1/client/sessions/${s.id}/start`)).status).toBe(405);
    });

    it('operations endpoints', async () => {
      expect((await call(h, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
      const ready = await call(h, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.store).toBe('ok');
      expect(ready.body.checks.certificate.daysLeft).toBeGreaterThan(0);
      const metrics = await call(h, 'GET', '/metrics');
      expect(metrics.body).toContain('relay_http_requests_total');
      expect(metrics.body).toContain('relay_provider_calls_total');
      const openapi = await call(h, 'GET', '/openapi.json');
      expect(openapi.status).toBe(200);
      expect(openapi.body.openapi).toMatch(/^3\./);
    });

    it('request ids: echoed when sane, generated otherwise', async () => {
      const mine = await call(h, 'GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
      expect(mine.headers.get('x-request-id')).toBe('abc-123');
      const junk = await call(h, 'GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(junk.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const problem = await call(h, 'GET', '/nope', { headers: { 'x-request-id': 'r-404' } });
      expect(problem.headers.get('x-request-id')).toBe('r-404');
    });
  });
}

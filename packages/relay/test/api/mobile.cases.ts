/** B-Trust MOBILE identification: person validated at create, sent only at start, then polling. */
import { beforeAll, describe, expect, it } from 'vitest';
import { client, type Harness, isPdf, PERSON, server, waitFor, waitStatus } from './helpers.ts';

export function mobileCases(get: () => Harness): void {
  let h!: Harness;
  beforeAll(() => {
    h = get();
  });

  async function startedMobile(person: object = PERSON) {
    const created = await server(h, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'Loan',
      person,
    });
    expect(created.status).toBe(201);
    const start = await client(
      h,
      created.body.clientToken,
      'POST',
      `/v1/client/sessions/${created.body.id}/start`,
      {
        consent: true,
      },
    );
    expect(start.status).toBe(200);
    expect(start.body).toEqual({ status: 'started' });
    const rec = await h.relay.deps.store.get(created.body.id);
    return {
      id: created.body.id as string,
      token: created.body.clientToken as string,
      callbackId: rec!.refs.callbackId!,
    };
  }

  describe('B-Trust MOBILE', () => {
    it('completes with the certificate; the person is gone from the store once sent', async () => {
      const created = await server(h, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: PERSON,
      });
      const before = await h.relay.deps.store.get(created.body.id);
      expect(before!.pending).toBeTruthy();
      const s = await startedMobile();
      const rec = await h.relay.deps.store.get(s.id);
      expect(rec!.pending).toBeUndefined();
      const progress = await waitStatus(h, s.id, 'in_progress');
      expect(['ON_BOARDING', 'IN_PROGRESS']).toContain(progress.provider.status);
      await h.sim.control.completeMobile(s.callbackId, 'approve');
      const view = await waitStatus(h, s.id, 'completed');
      expect(view.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
      const cert = await server(h, 'GET', `/v1/identifications/${s.id}/certificate`);
      expect(isPdf(cert.body)).toBe(true);
      // Mobile identifications have no sign session: signing needs a web identification.
      const signing = await server(h, 'POST', '/v1/signings', {
        identificationId: s.id,
        documents: [{ fileName: 'a.pdf', title: 'A', content: Buffer.from('%PDF-1.4 x').toString('base64') }],
      });
      expect(signing.status).toBe(409);
      expect(signing.body.code).toBe('identification_not_ready');
    });

    it('rejected in the app → failed (identification_rejected)', async () => {
      const s = await startedMobile();
      await h.sim.control.completeMobile(s.callbackId, 'reject');
      const view = await waitStatus(h, s.id, 'failed');
      expect(view.error.code).toBe('identification_rejected');
    });

    it('past its validity → expired (the provider answers REJECTED; our clock tells expiry apart)', async () => {
      const s = await startedMobile();
      const view = await waitStatus(h, s.id, 'expired', 9000);
      expect(view.status).toBe('expired');
      expect(view.error).toBeUndefined();
    }, 12_000);

    it('validates the person: EGN checksum, birth date, phone, e-mail', async () => {
      const r = await server(h, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: { ...PERSON, id: '7805166743', phone: '0888', email: 'nope' },
      });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('invalid_request');
      const paths = r.body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['person.email', 'person.id', 'person.phone']);
      expect(JSON.stringify(r.body)).not.toContain('7805166743');
      const wrongDate = await server(h, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: { ...PERSON, dateOfBirth: '1978-05-17' },
      });
      expect(wrongDate.body.errors).toEqual([{ path: 'person.dateOfBirth', message: expect.any(String) }]);
    });

    it('rate-limits creation per national id (5 per hour)', async () => {
      const person = { ...PERSON, idType: 'EMAIL', id: 'limit@example.com' };
      for (let i = 0; i < 5; i++) {
        const ok = await server(h, 'POST', '/v1/identifications', { method: 'mobile', reason: 'x', person });
        expect(ok.status).toBe(201);
      }
      const r = await server(h, 'POST', '/v1/identifications', { method: 'mobile', reason: 'x', person });
      expect(r.status).toBe(429);
      expect(r.body.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a provider error at start that reached it: 502, failed, never repeated', async () => {
      const created = await server(h, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: PERSON,
      });
      h.sim.control.faults.set('identification', { status: 500, times: 1 });
      const calls = h.sim.control.calls('identification');
      const first = await client(
        h,
        created.body.clientToken,
        'POST',
        `/v1/client/sessions/${created.body.id}/start`,
        {
          consent: true,
        },
      );
      // A 500 means the POST reached the provider: never repeated, the session fails.
      expect(first.status).toBe(502);
      expect(first.body.code).toBe('provider_unavailable');
      const view = await waitFor(async () => {
        const v = await server(h, 'GET', `/v1/identifications/${created.body.id}`);
        return v.body.status === 'failed' ? v.body : null;
      }, 'failed');
      expect(view.error.code).toBe('provider_unavailable');
      expect(h.sim.control.calls('identification')).toBe(calls + 1);
    });
  });
}

/**
 * Error classification for what our local servers cannot produce: alerts as other TLS stacks
 * (nginx, Java) send them, undici wrapping them, and the backoff arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureContext } from '../../src/provider/classify.ts';
import { backoffDelay, shouldRetry, sleep } from '../../src/provider/retry.ts';

function ctx(over: Partial<FailureContext> = {}): FailureContext {
  return {
    operation: 'getRegistrationStatus',
    answered: false,
    fromConnect: false,
    probe: () => Promise.reject(new Error('no probe expected')),
    ...over,
  };
}
const err = (code: string, cause?: unknown) => Object.assign(new Error('x'), { code, cause });

describe('classifyFailure', () => {
  it.each([
    ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'BORICA_TLS_CLIENT_CERT'],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'BORICA_TLS_CLIENT_CERT'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'BORICA_TLS_CLIENT_CERT'],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'BORICA_TLS_CLIENT_CERT'],
    ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'BORICA_TLS_CERT_EXPIRED'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'BORICA_TLS_UNTRUSTED_SERVER'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'BORICA_TLS_UNTRUSTED_SERVER'],
    ['CERT_HAS_EXPIRED', 'BORICA_TLS_UNTRUSTED_SERVER'],
  ])('%s → %s, not retryable, never reached', async (code, expected) => {
    const e = await classifyFailure(err(code), ctx());
    expect(e).toMatchObject({ code: expected, retryable: false, reachedProvider: false });
    expect(e.message).toContain(code);
  });

  it('says so when the provider’s own certificate has expired', async () => {
    expect((await classifyFailure(err('CERT_HAS_EXPIRED'), ctx())).message).toMatch(
      /provider's certificate has expired/,
    );
  });

  it('looks inside undici’s socket error for the TLS alert', async () => {
    const e = await classifyFailure(err('UND_ERR_SOCKET', err('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')), ctx());
    expect(e.code).toBe('BORICA_TLS_CLIENT_CERT');
  });

  it('connect failures never reached the provider; timeouts after sending did', async () => {
    expect(await classifyFailure(err('ECONNREFUSED'), ctx())).toMatchObject({
      code: 'BORICA_NETWORK',
      reachedProvider: false,
      retryable: true,
    });
    expect(await classifyFailure(err('ENOTFOUND'), ctx())).toMatchObject({
      code: 'BORICA_NETWORK',
      reachedProvider: false,
    });
    expect(await classifyFailure(err('UND_ERR_CONNECT_TIMEOUT'), ctx())).toMatchObject({
      code: 'BORICA_TIMEOUT',
      reachedProvider: false,
    });
    expect(await classifyFailure(err('UND_ERR_HEADERS_TIMEOUT'), ctx())).toMatchObject({
      code: 'BORICA_TIMEOUT',
      reachedProvider: true,
    });
    expect(await classifyFailure(err('UND_ERR_BODY_TIMEOUT'), ctx({ answered: true }))).toMatchObject({
      code: 'BORICA_TIMEOUT',
      reachedProvider: true,
    });
  });

  it('a reset during the handshake is a refused certificate; after it, the probe decides', async () => {
    expect(await classifyFailure(err('ECONNRESET'), ctx({ fromConnect: true }))).toMatchObject({
      code: 'BORICA_TLS_CLIENT_CERT',
    });
    const refused = await classifyFailure(
      err('UND_ERR_SOCKET'),
      ctx({ probe: async () => ({ kind: 'refused' }) }),
    );
    expect(refused).toMatchObject({ code: 'BORICA_TLS_CLIENT_CERT', reachedProvider: false });
    const alert = await classifyFailure(
      err('ECONNRESET'),
      ctx({ probe: async () => ({ kind: 'refused', code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED' }) }),
    );
    expect(alert.code).toBe('BORICA_TLS_CERT_EXPIRED');
    const open = await classifyFailure(err('UND_ERR_SOCKET'), ctx({ probe: async () => ({ kind: 'open' }) }));
    expect(open).toMatchObject({ code: 'BORICA_NETWORK', reachedProvider: true, retryable: true });
    const down = await classifyFailure(
      err('UND_ERR_SOCKET'),
      ctx({ probe: async () => ({ kind: 'failed', error: err('ECONNREFUSED') }) }),
    );
    expect(down).toMatchObject({ code: 'BORICA_NETWORK', reachedProvider: true });
  });

  it('a body cut short after the answer began is a network error without a probe', async () => {
    const e = await classifyFailure(err('UND_ERR_SOCKET'), ctx({ answered: true }));
    expect(e).toMatchObject({ code: 'BORICA_NETWORK', reachedProvider: true });
  });
});

describe('retry policy', () => {
  const policy = { retries: 3, baseDelayMs: 200, maxDelayMs: 1000 };
  it('full jitter: uniform below min(max, base·2^(n-1))', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(199);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
  });

  it('reads retry anything transient; writes only what never reached the provider', () => {
    const transient = { retryable: true, reachedProvider: true } as never;
    const unsent = { retryable: true, reachedProvider: false } as never;
    const permanent = { retryable: false, reachedProvider: false } as never;
    expect([shouldRetry(transient, true), shouldRetry(transient, false)]).toEqual([true, false]);
    expect([shouldRetry(unsent, true), shouldRetry(unsent, false)]).toEqual([true, true]);
    expect([shouldRetry(permanent, true), shouldRetry(permanent, false)]).toEqual([false, false]);
  });

  it('sleep stops on abort', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});

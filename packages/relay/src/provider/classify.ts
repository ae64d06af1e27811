/**
 * Turns what undici and node:tls throw into SigningApiError codes. Codes, not messages, decide.
 *
 * The hard case: a server that refuses our client certificate under TLS 1.3 does so AFTER the
 * client considers the handshake done, so undici, already writing the request, often sees only
 * "other side closed" (UND_ERR_SOCKET) or ECONNRESET. Then a bare handshake on a fresh socket tells
 * whether the server hangs up on our certificate (BORICA_TLS_CLIENT_CERT) or it was the network.
 */

import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type ErrorCode, type OperationName, SigningApiError } from './errors.ts';
import type { TlsCredentials } from './tls.ts';

/** Errors raised while connecting (TCP + TLS handshake): the request had not been written. */
export type ConnectFailures = WeakSet<object>;

export type ProbeResult =
  | { kind: 'open' }
  | { kind: 'refused'; code?: string }
  | { kind: 'failed'; error: unknown };

export interface FailureContext {
  operation: OperationName;
  /** The response head had arrived (the failure came while reading the body). */
  answered: boolean;
  fromConnect: boolean;
  probe: () => Promise<ProbeResult>;
}

/** Our own verification of the provider's certificate failed. */
const SERVER_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT',
  'HOSTNAME_MISMATCH',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
]);

/** Failures before any byte reached the provider: safe to retry even a POST. */
const NOT_REACHED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const AMBIGUOUS_CLOSE_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** An alert the server sent during (or right after) the handshake: it refused our certificate. */
const ALERT = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
const CLIENT_CERT_ALERTS = new Set([
  'CERTIFICATE_REQUIRED',
  'UNKNOWN_CA',
  'BAD_CERTIFICATE',
  'CERTIFICATE_UNKNOWN',
  'CERTIFICATE_REVOKED',
  'UNSUPPORTED_CERTIFICATE',
  'ACCESS_DENIED',
  'HANDSHAKE_FAILURE',
  'DECRYPT_ERROR',
]);

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const own = (e as { code?: unknown }).code;
  if (typeof own === 'string') {
    // undici may wrap the TLS error; the cause carries the telling code.
    if (own === 'UND_ERR_SOCKET' || own === 'UND_ERR_INFO')
      return codeOf((e as { cause?: unknown }).cause) ?? own;
    return own;
  }
  return codeOf((e as { cause?: unknown }).cause);
}

function alertCode(code: string | undefined): ErrorCode | undefined {
  const m = code ? ALERT.exec(code) : null;
  if (!m) return undefined;
  if (m[1] === 'CERTIFICATE_EXPIRED') return 'BORICA_TLS_CERT_EXPIRED';
  return CLIENT_CERT_ALERTS.has(m[1] ?? '') ? 'BORICA_TLS_CLIENT_CERT' : undefined;
}

function error(ctx: FailureContext, code: ErrorCode, message: string, reached: boolean, cause: unknown) {
  return new SigningApiError({ code, operation: ctx.operation, message, reachedProvider: reached, cause });
}

function tlsRefusal(ctx: FailureContext, code: ErrorCode, detail: string | undefined, cause: unknown) {
  const what = code === 'BORICA_TLS_CERT_EXPIRED' ? ' as expired' : '';
  const message = `the provider refused our client certificate${what}${detail ? ` (${detail})` : ''}`;
  return error(ctx, code, message, false, cause);
}

export async function classifyFailure(e: unknown, ctx: FailureContext): Promise<SigningApiError> {
  if (e instanceof SigningApiError) return e;
  const code = codeOf(e);
  const tag = code ? ` (${code})` : '';

  if (code && SERVER_CERT_CODES.has(code)) {
    const what =
      code === 'CERT_HAS_EXPIRED'
        ? "the provider's certificate has expired"
        : "the provider's certificate is not trusted";
    return error(ctx, 'BORICA_TLS_UNTRUSTED_SERVER', what + tag, false, e);
  }
  const alert = alertCode(code);
  if (alert) return tlsRefusal(ctx, alert, code, e);

  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return error(
      ctx,
      'BORICA_TIMEOUT',
      `no ${code === 'UND_ERR_HEADERS_TIMEOUT' ? 'answer' : 'complete body'} in time${tag}`,
      true,
      e,
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return error(ctx, 'BORICA_TIMEOUT', `connecting timed out${tag}`, false, e);
  if (code && NOT_REACHED_CODES.has(code))
    return error(ctx, 'BORICA_NETWORK', `cannot connect${tag}`, false, e);
  if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') {
    return new SigningApiError({
      code: 'BORICA_NETWORK',
      operation: ctx.operation,
      message: `client closed${tag}`,
      reachedProvider: false,
      retryable: false,
      cause: e,
    });
  }

  if (ctx.fromConnect) {
    // The socket died during the TLS handshake: what a server does to a certificate it will not take (TLS 1.2).
    if (code && AMBIGUOUS_CLOSE_CODES.has(code))
      return tlsRefusal(ctx, 'BORICA_TLS_CLIENT_CERT', 'connection closed during the handshake', e);
    return error(ctx, 'BORICA_NETWORK', `cannot connect${tag}`, false, e);
  }

  if (!ctx.answered && code && AMBIGUOUS_CLOSE_CODES.has(code)) {
    const probe = await ctx.probe();
    if (probe.kind === 'refused') {
      return tlsRefusal(
        ctx,
        alertCode(probe.code) ?? 'BORICA_TLS_CLIENT_CERT',
        probe.code ?? 'closed right after the handshake',
        e,
      );
    }
    if (probe.kind === 'failed') {
      const again = await classifyFailure(probe.error, { ...ctx, fromConnect: true });
      // A refusal or distrust seen by the probe explains the first failure; anything else does not.
      if (again.code.startsWith('BORICA_TLS_')) return again;
    }
  }
  return error(ctx, 'BORICA_NETWORK', `connection failed${tag}`, true, e);
}

/**
 * A bare handshake with our credentials, no request. A server that takes our certificate keeps an
 * idle connection open; one that refuses it sends an alert or hangs up at once.
 */
export function probeHandshake(url: URL, creds: TlsCredentials, waitMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      ...creds,
    });
    let handshaken = false;
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    let timer = setTimeout(
      () => finish({ kind: 'failed', error: probeError('probe timed out', 'UND_ERR_CONNECT_TIMEOUT') }),
      waitMs * 2,
    );
    socket.once('secureConnect', () => {
      handshaken = true;
      clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'open' }), waitMs);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (!handshaken) finish({ kind: 'failed', error: err });
      else finish({ kind: 'refused', ...(err.code ? { code: err.code } : {}) });
    });
    socket.once('close', () =>
      finish(
        handshaken
          ? { kind: 'refused' }
          : { kind: 'failed', error: probeError('closed during the handshake', 'ECONNRESET') },
      ),
    );
    socket.on('data', () => finish({ kind: 'open' }));
  });
}

function probeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

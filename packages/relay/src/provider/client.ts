/**
 * The nine operations of BORICA's Signing API v2 (guide sections 1-5) over one keep-alive pool.
 */
import type { z } from 'zod';
import { interpret } from './answer.ts';
import { ENVELOPE_READINGS, unknownValues } from './enums.ts';
import { type OperationName, SigningApiConfigError, SigningApiError } from './errors.ts';
import { backoffDelay, type RetryPolicy, shouldRetry, sleep } from './retry.ts';
import {
  CreateRegistrationAnswer,
  IdentificationAnswer,
  IdentificationResultAnswer,
  RegistrationStatusAnswer,
  SignResultsAnswer,
  StartSigningAnswer,
  StartWebIdentificationAnswer,
  WebIdentificationResultsAnswer,
  WebIdentificationStatusAnswer,
} from './schemas/answers.ts';
import { describeIssues, isRecord } from './schemas/common.ts';
import {
  CreateRegistrationRequest,
  IdentificationRequest,
  StartSigningRequest,
  StartWebIdentificationRequest,
} from './schemas/requests.ts';
import { flattenShape, shapeOf } from './shape.ts';
import { checkCredentials, clientCertificate, describe } from './tls.ts';
import { tracePath } from './trace.ts';
import { type Language, Transport } from './transport.ts';
import type { CallEvent, CallOptions, SigningApiClient, SigningApiClientOptions } from './types.ts';

interface Call<S extends z.ZodType> {
  operation: OperationName;
  method: 'GET' | 'POST';
  segments: readonly unknown[];
  body?: unknown;
  answer: S;
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min)
    throw new SigningApiConfigError(`${name}: must be a number ≥ ${min}`);
  return value;
}

function invalid(operation: OperationName, what: string): SigningApiError {
  return new SigningApiError({
    code: 'BORICA_BAD_REQUEST',
    operation,
    message: `invalid request: ${what}`,
    reachedProvider: false,
    retryable: false,
  });
}

/** Checks our own input against the request schema and returns the exact wire body. */
function wire<S extends z.ZodType>(operation: OperationName, schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid(operation, describeIssues(r.error).join('; '));
  return r.data;
}

export function createSigningApiClient(opts: SigningApiClientOptions): SigningApiClient {
  if (typeof opts.relyingPartyId !== 'string' || !/^[\x21-\x7e]+$/.test(opts.relyingPartyId)) {
    throw new SigningApiConfigError('relyingPartyId: required, printable ASCII without spaces');
  }
  const language: Language = opts.language ?? 'bg';
  if (language !== 'bg' && language !== 'en') throw new SigningApiConfigError("language: 'bg' or 'en'");
  checkCredentials(opts.tls);
  const certificate = clientCertificate(opts.tls);
  const notAfterMs = new Date(certificate.validTo).getTime();

  const policy: RetryPolicy = {
    retries: positive('retries.reads', opts.retries?.reads, 3, 0),
    baseDelayMs: positive('retries.baseDelayMs', opts.retries?.baseDelayMs, 200, 0),
    maxDelayMs: positive('retries.maxDelayMs', opts.retries?.maxDelayMs, 3000, 0),
  };
  const transport = new Transport({
    baseUrl: opts.baseUrl,
    relyingPartyId: opts.relyingPartyId,
    tls: opts.tls,
    language,
    timeouts: {
      connectMs: positive('timeouts.connectMs', opts.timeouts?.connectMs, 5000),
      headersMs: positive('timeouts.headersMs', opts.timeouts?.headersMs, 15000),
      bodyMs: positive('timeouts.bodyMs', opts.timeouts?.bodyMs, 30000),
    },
    connections: positive('connections', opts.connections, 16),
  });

  const report = (e: CallEvent) => {
    try {
      opts.onCall?.(e);
    } catch {
      // a metrics hook must never fail a provider call
    }
  };
  // Hooks (metrics, logs, readings, trace) must never fail a provider call.
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch {
      // ignored, as above
    }
  };

  async function call<S extends z.ZodType>(c: Call<S>, o: CallOptions | undefined): Promise<z.output<S>> {
    const segments: string[] = [];
    for (const s of c.segments) {
      if (
        (typeof s !== 'string' || s.trim() === '') &&
        !(typeof s === 'number' && Number.isInteger(s) && s >= 0)
      ) {
        throw invalid(c.operation, `path segment ${segments.length + 1} must be a non-empty id`);
      }
      segments.push(String(s));
    }
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);
    const idempotent = c.method === 'GET';
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        if (Date.now() >= notAfterMs) {
          throw new SigningApiError({
            code: 'BORICA_TLS_CERT_EXPIRED',
            operation: c.operation,
            message: `our client certificate expired on ${certificate.validTo}`,
            reachedProvider: false,
            retryable: false,
          });
        }
        const res = await transport.send({
          operation: c.operation,
          method: c.method,
          segments,
          ...(body !== undefined && { body }),
          ...(o?.language && { language: o.language }),
          ...(o?.signal && { signal: o.signal }),
        });
        let json: unknown;
        let value: z.output<S>;
        try {
          value = interpret(c.operation, res, c.answer, (j) => {
            json = j;
          });
        } catch (e) {
          if (e instanceof SigningApiError) observeFailure(c.operation, res.status, e, json);
          throw e;
        } finally {
          if (opts.trace) {
            const trace = opts.trace;
            const ms = Math.round(performance.now() - started);
            safely(() =>
              trace.exchange({
                operation: c.operation,
                method: c.method,
                path: tracePath(segments),
                httpStatus: res.status,
                ms,
                ...(c.body !== undefined && { request: shapeOf(c.body) }),
                response: json === undefined ? (res.text ? 'not-json' : 'empty') : shapeOf(json),
              }),
            );
          }
        }
        safely(() => observeSuccess(c.operation, res.status, json, value));
        report({ operation: c.operation, outcome: 'ok', ms: performance.now() - started, attempt });
        return value;
      } catch (e) {
        if (!(e instanceof SigningApiError)) throw e; // an abort: the caller's own reason
        report({ operation: c.operation, outcome: e.code, ms: performance.now() - started, attempt });
        if (attempt > policy.retries || !shouldRetry(e, idempotent)) throw e;
        await sleep(backoffDelay(attempt, policy), o?.signal);
      }
    }
  }

  function observeFailure(operation: OperationName, status: number, e: SigningApiError, json: unknown) {
    if (e.code === 'BORICA_REJECTED') safely(() => opts.onReading?.('rejectedHttpStatus', String(status)));
    if (e.code === 'BORICA_MALFORMED_RESPONSE' && status >= 200 && status < 300) {
      const keys = json === undefined ? ['(body):not-json'] : flattenShape(shapeOf(json));
      safely(() => opts.onUnexpected?.({ operation, httpStatus: status, reason: 'shape', keys }));
    }
  }

  function observeSuccess(operation: OperationName, status: number, json: unknown, value: unknown) {
    const wrapped = isRecord(json) && isRecord(json.data);
    if (ENVELOPE_READINGS[operation])
      opts.onReading?.(ENVELOPE_READINGS[operation], wrapped ? 'wrapped' : 'bare');
    if (operation === 'getIdentificationResult' && !(value as { finished?: boolean }).finished)
      opts.onReading?.('mobilePendingHttpStatus', String(status));
    const unknown = unknownValues(operation, value);
    if (unknown) opts.onUnexpected?.({ operation, httpStatus: status, reason: 'value', keys: unknown });
  }

  return {
    traceCallback: opts.trace
      ? (body, status) => safely(() => opts.trace?.callback(body, status))
      : undefined,
    identification: async (req, o) =>
      call(
        {
          operation: 'identification',
          method: 'POST',
          segments: ['identification'],
          body: wire('identification', IdentificationRequest, req),
          answer: IdentificationAnswer,
        },
        o,
      ),
    getIdentificationResult: async (callbackId, o) =>
      call(
        {
          operation: 'getIdentificationResult',
          method: 'GET',
          segments: ['identification', callbackId],
          answer: IdentificationResultAnswer,
        },
        o,
      ),
    startWebIdentification: async (req, o) =>
      call(
        {
          operation: 'startWebIdentification',
          method: 'POST',
          segments: ['identification', 'web', 'websession', 'start'],
          body: wire('startWebIdentification', StartWebIdentificationRequest, req),
          answer: StartWebIdentificationAnswer,
        },
        o,
      ),
    createRegistration: async (webSessionId, req, o) =>
      call(
        {
          operation: 'createRegistration',
          method: 'POST',
          segments: ['identification', 'web', 'sessions', 'by-otc-request', webSessionId],
          body: wire('createRegistration', CreateRegistrationRequest, req),
          answer: CreateRegistrationAnswer,
        },
        o,
      ),
    getWebIdentificationResults: async (p, o) =>
      call(
        {
          operation: 'getWebIdentificationResults',
          method: 'GET',
          // guide 2.5 swaps the descriptions of sessionId and resultId; the callback's values go to the matching segments.
          segments: [
            'identification',
            'web',
            p.resultId,
            'result',
            p.processState,
            p.sessionId,
            String(p.onlyMetadata === true),
          ],
          answer: WebIdentificationResultsAnswer,
        },
        o,
      ),
    getSignResults: async (p, o) =>
      call(
        {
          operation: 'getSignResults',
          method: 'GET',
          // guide 3.3: the signing result has no onlyMetadata segment.
          segments: ['identification', 'web', p.resultId, 'result', 'SIGN_SESSION', p.sessionId],
          answer: SignResultsAnswer,
        },
        o,
      ),
    startSigning: async (req, o) =>
      call(
        {
          operation: 'startSigning',
          method: 'POST',
          segments: ['identification', 'web', 'signsession', 'start'],
          body: wire('startSigning', StartSigningRequest, req),
          answer: StartSigningAnswer,
        },
        o,
      ),
    getRegistrationStatus: async (registrationId, o) =>
      call(
        {
          operation: 'getRegistrationStatus',
          method: 'GET',
          segments: ['identification', 'web', 'sessions', 'by-otc-request', registrationId, 'status'],
          answer: RegistrationStatusAnswer,
        },
        o,
      ),
    getWebIdentificationStatus: async (resultId, o) =>
      call(
        {
          operation: 'getWebIdentificationStatus',
          method: 'GET',
          segments: ['identification', 'web', resultId, 'status'],
          answer: WebIdentificationStatusAnswer,
        },
        o,
      ),
    certificateInfo: () => describe(certificate),
    close: () => transport.close(),
  };
}

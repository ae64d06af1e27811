/**
 * From HTTP answer to value or SigningApiError: status mapping, JSON, and one zod parse of the body.
 */
import type { z } from 'zod';
import { type ErrorCode, type OperationName, SigningApiError } from './errors.ts';
import { describeIssues, isRecord } from './schemas/common.ts';
import type { ProviderResponse } from './transport.ts';

function statusCode(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'BORICA_UNAUTHORIZED';
  if (status === 404) return 'BORICA_NOT_FOUND';
  if (status === 408 || status === 429 || status >= 500) return 'BORICA_PROVIDER_ERROR';
  if (status >= 400) return 'BORICA_BAD_REQUEST';
  return 'BORICA_MALFORMED_RESPONSE';
}

export function interpret<S extends z.ZodType>(
  operation: OperationName,
  res: ProviderResponse,
  schema: S,
  /** Sees the parsed JSON once (trace, readings), before it is judged. */
  onJson?: (json: unknown) => void,
): z.output<S> {
  let json: unknown;
  let isJson = false;
  if (res.text.length > 0) {
    try {
      json = JSON.parse(res.text);
      isJson = true;
      onJson?.(json);
    } catch {
      // judged below: fatal on success, irrelevant on an error status
    }
  }
  const body = isJson && isRecord(json) ? json : undefined;
  const providerCode = typeof body?.code === 'string' ? body.code : undefined;
  const providerMessage = typeof body?.message === 'string' ? body.message : undefined;
  const provider = {
    httpStatus: res.status,
    ...(providerCode !== undefined && { providerCode }),
    ...(providerMessage !== undefined && { providerMessage }),
  };

  // guide 1.2: `{data: null, code: 'REJECTED'}` may come with any of 400, 401, 403, 404, 500.
  if (providerCode === 'REJECTED') {
    return fail(operation, 'BORICA_REJECTED', `the provider rejected the request (${res.status})`, provider);
  }
  if (res.status >= 200 && res.status < 300) {
    if (!isJson)
      return fail(operation, 'BORICA_MALFORMED_RESPONSE', `the ${res.status} answer is not JSON`, provider);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error).join('; ');
      return fail(
        operation,
        'BORICA_MALFORMED_RESPONSE',
        `unexpected ${res.status} answer: ${problems}`,
        provider,
      );
    }
    return parsed.data;
  }
  const code = statusCode(res.status);
  return fail(
    operation,
    code,
    `the provider answered ${res.status}${providerCode ? ` ${providerCode}` : ''}`,
    provider,
  );
}

function fail(
  operation: OperationName,
  code: ErrorCode,
  message: string,
  provider: { httpStatus: number; providerCode?: string; providerMessage?: string },
): never {
  throw new SigningApiError({ code, operation, message, ...provider });
}

/**
 * JSON bodies: media type, size limit, syntax. The route definition's zod schema then validates the
 * parsed value (router.ts turns its issues into `errors[]`; strict schemas name unknown fields).
 * Every failure is a 4xx problem naming what is wrong; a caller's mistake is never a 500.
 */

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { RelayEnv } from '../env.ts';
import { type FieldProblem, ProblemError } from '../problem.ts';

export function tooLarge(limit: number): ProblemError {
  return new ProblemError(413, 'payload_too_large', {
    detail: `The body is larger than ${Math.round(limit / 1024)} KiB.`,
  });
}

/** Size limit alone (bodies that are not JSON, e.g. provider callbacks). */
export function limitBody(limit: number): MiddlewareHandler<RelayEnv> {
  return bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge(limit);
    },
  });
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: [...base, key].join('.'), message: 'is not a known field' });
      continue;
    }
    out.push({ path: base.join('.') || '(body)', message: issue.message });
  }
  return out;
}

export function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export async function readJson(
  c: Parameters<MiddlewareHandler<RelayEnv>>[0],
  optional: boolean,
): Promise<unknown> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    // The body could not be read (aborted upload, bad encoding): still the caller's side.
    throw new ProblemError(400, 'invalid_json', { detail: 'The body could not be read.' });
  }
  if (!text.trim()) {
    if (optional) return {};
    throw new ProblemError(400, 'invalid_json', { detail: 'The body is empty; a JSON object is expected.' });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'invalid_json', { detail: 'The body is not valid JSON.' });
  }
}

export interface JsonBodyOptions {
  limit: number;
  /** An absent body counts as `{}` (the schema then says what is missing). */
  optional?: boolean;
}

export function jsonBody(opts: JsonBodyOptions): MiddlewareHandler<RelayEnv> {
  const limiter = limitBody(opts.limit);
  return async function jsonBody(c, next) {
    const hasBody = Boolean(c.req.raw.body) && c.req.header('content-length') !== '0';
    if (hasBody && !isJsonType(c.req.header('content-type'))) {
      throw new ProblemError(415, 'unsupported_media_type', { detail: 'Send the body as application/json.' });
    }
    await limiter(c, async () => {
      const json = await readJson(c, opts.optional ?? false);
      // The route's validator reads `c.req.json()`: give it this parse, so a 30 MB upload is parsed once
      // and an empty optional body is `{}` rather than a syntax error.
      c.req.json = async <T>() => json as T;
      await next();
    });
  };
}

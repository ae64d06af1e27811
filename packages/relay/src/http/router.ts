/**
 * Routes are defined with @hono/zod-openapi: one `createRoute` per route gives the validation, the
 * handler's types and the route's part of /openapi.json. A failed validation becomes the same
 * problem+json as every other caller mistake.
 */
import type { ErrorCode } from '@borica-identify/protocol';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { RelayEnv } from './env.ts';
import { zodProblems } from './middleware/json-body.ts';
import { type FieldProblem, ProblemError, problems } from './problem.ts';

type ValidationResult = { success: true } | { success: false; error: z.ZodError };

/** A validation hook; `codeFor` picks a more specific code for some failures (missing consent). */
export function invalidInput(codeFor?: (errors: FieldProblem[]) => ErrorCode | undefined) {
  return (result: ValidationResult): undefined => {
    if (result.success) return;
    const errors = zodProblems(result.error);
    const code = codeFor?.(errors);
    if (code) {
      throw new ProblemError(400, code, { detail: 'The request has invalid fields; see errors.', errors });
    }
    throw problems.invalid(errors);
  };
}

export function router(): OpenAPIHono<RelayEnv> {
  return new OpenAPIHono<RelayEnv>({ defaultHook: invalidInput() });
}

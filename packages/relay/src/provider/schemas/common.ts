import { z } from 'zod';

/** An identifier the guide prints sometimes as a number, sometimes as a string: always a string for us. */
export const anyId = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((v) => (typeof v === 'number' ? String(v) : v));

/** An optional text the provider may omit or send as null. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined)
  .optional();

/**
 * A provider timestamp as ISO UTC. The guide shows `+00:00`, `+03:00` with microseconds (2.2) and `Z`
 * (4.1); one without an offset is read as UTC (never as this machine's zone: a deadline read later
 * than meant only polls a little longer, one read earlier would give up on a live session). Text that
 * is no date stays as it came.
 */
export function normaliseDate(v: string): string {
  const withZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(v) || !/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(v) ? v : `${v}Z`;
  const t = Date.parse(withZone.replace(' ', 'T'));
  return Number.isFinite(t) ? new Date(t).toISOString() : v;
}

export const providerDate = z.string().transform(normaliseDate);

/** An optional timestamp the provider may omit or send as null. */
export const optionalDate = z
  .string()
  .nullish()
  .transform((v) => (v == null ? undefined : normaliseDate(v)))
  .optional();

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths and zod's messages, never the offending values (they may be personal data). */
export function describeIssues(error: z.ZodError, limit = 5): string[] {
  return error.issues
    .slice(0, limit)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
}

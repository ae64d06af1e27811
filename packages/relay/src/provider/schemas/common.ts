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

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted paths and zod's messages, never the offending values (they may be personal data). */
export function describeIssues(error: z.ZodError, limit = 5): string[] {
  return error.issues
    .slice(0, limit)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
}

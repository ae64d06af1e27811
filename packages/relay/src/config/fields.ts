/**
 * zod schemas for one environment variable's value, each failing with one line that names the
 * problem (the variable's name is put in front by loadConfig).
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { storeUrlProblem } from '../store/index.ts';
import { normaliseOrigin } from './origins.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blank, schema.optional());
}

export function required<T extends z.ZodType>(schema: T, what: string): z.ZodType<z.output<T>, unknown> {
  const present = z.unknown().refine((v) => v !== undefined, { error: `is required (${what})`, abort: true });
  return z.preprocess(blank, present.pipe(schema as unknown as z.ZodType<z.output<T>, {} | null>));
}

export function httpUrl() {
  return z.string().refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    { error: (iss) => `"${iss.input}" is not an http(s) URL` },
  );
}

export function file() {
  return z.string().superRefine((path, ctx) => {
    if (!existsSync(path)) ctx.addIssue({ code: 'custom', message: `file ${path} not found` });
    else if (!statSync(path).isFile()) ctx.addIssue({ code: 'custom', message: `${path} is not a file` });
  });
}

export function integer(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error: (iss) => `"${iss.input}" is not a whole number between ${min} and ${max}`,
    })
    .transform(Number);
}

export function decimal(min: number, max: number) {
  return z
    .string()
    .trim()
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error: (iss) => `"${iss.input}" is not a number between ${min} and ${max}`,
    })
    .transform(Number);
}

export function boolean() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), {
      error: (iss) => `"${iss.input}" is not true or false`,
    })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
}

export function originList() {
  return z.string().transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const origin = normaliseOrigin(item);
      if (origin) origins.push(origin);
      else ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin (scheme://host[:port])` });
    }
    return [...new Set(origins)];
  });
}

export function apiKeys() {
  return z.string().transform((value, ctx) => {
    const keys = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'is required (comma-separated keys)' });
    // Never echo a key: say which one by position.
    keys.forEach((key, i) => {
      if (key.length < 16) {
        ctx.addIssue({ code: 'custom', message: `key #${i + 1} is shorter than 16 characters` });
      }
    });
    return keys;
  });
}

export function storeUrl() {
  return z
    .string()
    .trim()
    .superRefine((url, ctx) => {
      const problem = storeUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export function webhookSecret() {
  return z.string().superRefine((secret, ctx) => {
    if (secret.startsWith('whsec_')) {
      const b64 = secret.slice(6);
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || Buffer.from(b64, 'base64').length < 16) {
        ctx.addIssue({ code: 'custom', message: 'whsec_ must be followed by base64 of at least 16 bytes' });
      }
    } else if (secret.length < 16) {
      ctx.addIssue({ code: 'custom', message: 'is shorter than 16 characters' });
    }
  });
}

export function text() {
  return z.string().trim().min(1);
}

/** One of a few words; the message lists them (`"de" is not bg or en`). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, list = values.join(', ')) {
  return z.enum(values, { error: (iss) => `"${iss.input}" is not ${list}` });
}

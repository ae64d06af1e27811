/**
 * Every environment variable the relay reads: its default and meaning (for `--help` and the README)
 * and its zod schema (for start-up validation). One table, so help text and checks cannot drift.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { storeUrlProblem } from '../store/index.ts';

export interface Variable {
  name: string;
  /** Shown in --help; `undefined` means no default. */
  default?: string;
  required?: boolean;
  help: string;
  group: 'BORICA' | 'Relay' | 'Tuning' | 'Limits';
}

export const VARIABLES: Variable[] = [
  {
    group: 'BORICA',
    name: 'BORICA_API_URL',
    required: true,
    help: 'Signing API base incl. /signing-api/v2 (https)',
  },
  {
    group: 'BORICA',
    name: 'BORICA_IDENTIFY_URL',
    required: true,
    help: "Base of BORICA's identification page; customers go to {this}/session/{sessionId}",
  },
  {
    group: 'BORICA',
    name: 'BORICA_RELYING_PARTY_ID',
    required: true,
    help: 'Sent as the relyingPartyID header',
  },
  { group: 'BORICA', name: 'BORICA_CLIENT_CERT', help: 'PEM file: client certificate for mutual TLS' },
  { group: 'BORICA', name: 'BORICA_CLIENT_KEY', help: 'PEM file: its private key (unencrypted)' },
  {
    group: 'BORICA',
    name: 'BORICA_CA_CERT',
    help: "PEM file: CA of BORICA's server (default: system roots)",
  },
  {
    group: 'BORICA',
    name: 'BORICA_CLIENT_PFX',
    help: 'Alternative to CERT+KEY: a PKCS#12 (.p12/.pfx) bundle',
  },
  { group: 'BORICA', name: 'BORICA_CLIENT_PFX_PASSPHRASE', help: 'Passphrase of the PKCS#12 bundle' },
  {
    group: 'BORICA',
    name: 'BORICA_LANGUAGE',
    default: 'bg',
    help: 'Accept-language towards BORICA: bg or en',
  },
  {
    group: 'Relay',
    name: 'RELAY_PUBLIC_URL',
    required: true,
    help: 'Where BORICA and browsers reach this relay; callback URLs are built from it',
  },
  {
    group: 'Relay',
    name: 'RELAY_API_KEYS',
    required: true,
    help: 'Comma-separated keys for the server API (Authorization: Bearer), each >= 16 characters',
  },
  {
    group: 'Relay',
    name: 'RELAY_ALLOWED_ORIGINS',
    default: '(none)',
    help: 'Comma-separated origins (scheme://host[:port]): CORS of the client API and allowed returnUrl targets',
  },
  {
    group: 'Relay',
    name: 'RELAY_STORE',
    default: 'sqlite:./.data/relay.sqlite',
    help: 'sqlite:<path> (embedded, durable, one instance), redis://host:port[/db][?prefix=bi:] (several instances), memory: (tests)',
  },
  {
    group: 'Relay',
    name: 'RELAY_WEBHOOK_URL',
    help: 'Outbound Standard Webhooks POSTed here on terminal statuses',
  },
  {
    group: 'Relay',
    name: 'RELAY_WEBHOOK_SECRET',
    help: 'Signing secret for RELAY_WEBHOOK_URL: whsec_<base64> or a raw string >= 16 characters',
  },
  {
    group: 'Relay',
    name: 'RELAY_OPEN_START',
    default: 'false',
    help: 'true lets a widget create web identifications itself (sites without a backend)',
  },
  {
    group: 'Relay',
    name: 'RELAY_OPEN_START_MOBILE',
    default: 'false',
    help: 'with RELAY_OPEN_START, true also lets a widget start B-Trust MOBILE (pushes to the phone of the id typed in)',
  },
  { group: 'Relay', name: 'HOST', default: '127.0.0.1', help: 'Listen address' },
  { group: 'Relay', name: 'PORT', default: '8787', help: 'Listen port' },
  {
    group: 'Relay',
    name: 'RELAY_TRUST_PROXY',
    default: 'false',
    help: 'true: take the client IP from X-Forwarded-For (only behind your own proxy)',
  },
  {
    group: 'Relay',
    name: 'LOG_LEVEL',
    default: 'info',
    help: 'fatal, error, warn, info, debug, trace or silent',
  },
  {
    group: 'Tuning',
    name: 'RELAY_RETENTION_DAYS',
    default: '30',
    help: 'Ended sessions (and their documents, certificates, events) are deleted after this many days',
  },
  {
    group: 'Tuning',
    name: 'RELAY_SESSION_TTL_MINUTES',
    default: '60',
    help: 'A session not completed within this time expires',
  },
  {
    group: 'Tuning',
    name: 'RELAY_POLL_INITIAL_MS',
    default: '2000',
    help: 'First status poll of BORICA after a start',
  },
  {
    group: 'Tuning',
    name: 'RELAY_POLL_MAX_MS',
    default: '30000',
    help: 'Longest pause between status polls',
  },
  { group: 'Tuning', name: 'RELAY_POLL_FACTOR', default: '1.6', help: 'Backoff factor between status polls' },
  {
    group: 'Tuning',
    name: 'RELAY_RATE_CREATE_PER_MINUTE',
    default: '60',
    help: 'Session creations per client IP per minute',
  },
  {
    group: 'Tuning',
    name: 'RELAY_RATE_START_PER_MINUTE',
    default: '30',
    help: 'Session starts per client IP per minute',
  },
  {
    group: 'Tuning',
    name: 'RELAY_RATE_MOBILE_PER_ID_PER_HOUR',
    default: '5',
    help: 'B-Trust MOBILE requests per national id per hour',
  },
  {
    group: 'Limits',
    name: 'RELAY_MAX_CONNECTIONS',
    default: '15000',
    help: 'Open connections in total; beyond it requests get 503 overloaded (/healthz and /readyz still answer)',
  },
  {
    group: 'Limits',
    name: 'RELAY_SSE_PER_SESSION',
    default: '5',
    help: 'Open event streams per session (429 beyond it)',
  },
  {
    group: 'Limits',
    name: 'RELAY_SSE_PER_IP',
    default: '100',
    help: 'Open event streams per client IP (429 beyond it; behind a proxy set RELAY_TRUST_PROXY)',
  },
  {
    group: 'Limits',
    name: 'RELAY_HEADERS_TIMEOUT_MS',
    default: '10000',
    help: 'A request whose headers are not complete within this time gets 408 and is closed (slow-loris)',
  },
  {
    group: 'Limits',
    name: 'RELAY_REQUEST_TIMEOUT_MS',
    default: '30000',
    help: 'A request (headers and body) not fully received within this time gets 408 and is closed',
  },
  {
    group: 'Limits',
    name: 'RELAY_KEEPALIVE_TIMEOUT_MS',
    default: '5000',
    help: 'An idle keep-alive connection is closed after this time',
  },
  {
    group: 'Limits',
    name: 'RELAY_MAX_HEADER_BYTES',
    default: '16384',
    help: 'Largest request head (request line and headers); beyond it 431',
  },
  {
    group: 'Limits',
    name: 'RELAY_CALLBACK_CONFIRM_INTERVAL_MS',
    default: '1000',
    help: 'Callbacks of one session trigger at most one confirmation with BORICA per this interval',
  },
  {
    group: 'Limits',
    name: 'RELAY_SIGNING_MAX_BYTES',
    default: '31457280',
    help: 'Largest POST /v1/signings body (base64 PDFs; 30 MiB); beyond it 413',
  },
  {
    group: 'Limits',
    name: 'RELAY_SIGNING_UPLOADS',
    default: '2',
    help: 'Signing bodies read and decoded at once; further uploads wait (memory stays bounded)',
  },
];

// ---------------------------------------------------------------- field schemas with one-line messages

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

/**
 * `scheme://host[:port]` normalised (lower-case, default port dropped), or `scheme://host:*` (any port,
 * for local development); null when not an origin.
 */
export function normaliseOrigin(value: string): string | null {
  const trimmed = value.trim();
  const anyPort = /^(https?:\/\/[^/?#:@]+):\*\/?$/i.exec(trimmed);
  if (anyPort) {
    const base = normaliseOrigin(anyPort[1]!);
    return base ? `${base}:*` : null;
  }
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(trimmed)) return null;
  try {
    const u = new URL(trimmed);
    if (u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Whether `origin` (an Origin header, or the origin of a returnUrl) is allowed. Entries are exact
 * origins or `scheme://host:*` patterns.
 */
export function isAllowedOrigin(origin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const normal = normaliseOrigin(origin);
  if (!normal || normal.endsWith(':*')) return false;
  for (const entry of allowed) {
    if (entry === normal) return true;
    if (entry.endsWith(':*')) {
      const base = entry.slice(0, -2);
      if (normal === base || (normal.startsWith(`${base}:`) && /^\d+$/.test(normal.slice(base.length + 1))))
        return true;
    }
  }
  return false;
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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Standard Webhooks signatures (standardwebhooks.com): `webhook-signature: v1,<base64 HMAC-SHA256>`
 * over `<webhook-id>.<webhook-timestamp>.<body>`. A `whsec_<base64>` secret is base64-decoded to get
 * the key; any other secret is used as its UTF-8 bytes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function webhookKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** The `webhook-signature` header value for one delivery. `timestamp` is Unix seconds. */
export function signWebhook(secret: string, id: string, timestamp: number | string, body: string): string {
  const mac = createHmac('sha256', webhookKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export type WebhookVerifyProblem =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature';

export interface VerifyWebhookOptions {
  /** Seconds either side of now; default 300 (the spec's recommendation). */
  toleranceSec?: number;
  now?: Date;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a delivery as a receiver must: all three headers, a timestamp within tolerance (replays),
 * and at least one `v1,` signature equal in constant time. `body` is the raw request body.
 */
export function verifyWebhook(
  secret: string,
  headers: HeaderSource,
  body: string,
  options: VerifyWebhookOptions = {},
): { ok: true; id: string; timestamp: number } | { ok: false; problem: WebhookVerifyProblem } {
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) return { ok: false, problem: 'missing_header' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, problem: 'invalid_timestamp' };
  const timestamp = Number(timestampText);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSec ?? 300)) {
    return { ok: false, problem: 'timestamp_out_of_tolerance' };
  }
  const expected = Buffer.from(signWebhook(secret, id, timestampText, body).slice(3), 'base64');
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp };
  }
  return { ok: false, problem: 'no_matching_signature' };
}

/**
 * Personal data and secrets never reach a log line (common rules; GDPR). Two independent layers:
 * 1. by key — values under names like `token`, `person`, `email`, `content` are replaced wherever they
 *    sit in a logged object, before serialization;
 * 2. by shape — the finished JSON line is scanned for EGN/LNC-like 10-digit runs, phone numbers, e-mail
 *    addresses, bearer tokens, callback secrets in paths, long hex/base64 runs and PEM blocks, which
 *    catches what slips into messages, error texts and stack traces.
 */

export const REDACTED = '[redacted]';

const SENSITIVE_KEYS = new Set(
  [
    'token',
    'clientToken',
    'accessToken',
    'apiKey',
    'apiKeys',
    'authorization',
    'cookie',
    'set-cookie',
    'secret',
    'password',
    'passphrase',
    'key',
    'privateKey',
    'cert',
    'ca',
    'pfx',
    'tls',
    'content',
    'contentAsBase64',
    'eIDDocAsBase64',
    'data',
    'person',
    'pending',
    'email',
    'phone',
    'phoneNumber',
    'egn',
    'lnc',
    'id_number',
    'identificatorValue',
    'dateOfBirth',
    'identificator',
    'clientIdentificator',
    'name',
    'smsCode',
  ].map((k) => k.toLowerCase()),
);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Copy of `value` with sensitive keys censored, at any depth (errors and class instances left as is). */
export function redactKeys(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactKeys(v, depth + 1));
  if (!isPlainObject(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(value)) {
    const next = SENSITIVE_KEYS.has(key.toLowerCase()) && v != null ? REDACTED : redactKeys(v, depth + 1);
    if (next !== v) {
      out ??= { ...value };
      out[key] = next;
    }
  }
  return out ?? value;
}

const LINE_MASKS: [RegExp, string][] = [
  // PEM keys and certificates (JSON-escaped newlines included).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, '[pem]'],
  [/\b(Bearer|Basic)\s+[^\s"\\,]+/gi, '$1 [redacted]'],
  [/([?&](?:token|access_token|api_key|key|secret|code)=)[^&\s"\\#]+/gi, '$1[redacted]'],
  // The per-session callback secret travels in the path: /v1/borica/callbacks/{secret}.
  [/(\/callbacks\/)[^/\s"?\\#]+/g, '$1[redacted]'],
  [/[A-Za-z0-9+/_-]{200,}={0,2}/g, '[base64]'],
  [/(?<![A-Za-z0-9_-])[0-9a-fA-F]{32,}(?![A-Za-z0-9_-])/g, '[hex]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
  [/\+\d(?:[\s-]?\d){7,14}(?!\d)/g, '[phone]'],
  // EGN, LNC and local phone numbers (0888123456) are all ten digits.
  [/(?<!\d)(?<!\d\.)\d{10}(?!\d)(?!\.\d)/g, '[id]'],
];

/** Masks personal data and secrets in a finished log line (or any text). */
export function maskText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of LINE_MASKS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The relay's configuration, from the environment. Bad or missing values come back as one line per
 * problem naming the variable (`BORICA_CLIENT_CERT: file /x.pem not found`) — the CLI prints them and
 * exits; nothing here throws at an operator.
 */
import { z } from 'zod';
import { loadTlsCredentials, type TlsCredentials } from '../provider/index.ts';
import { DEFAULT_STORE_URL } from '../store/index.ts';
import {
  apiKeys,
  boolean,
  decimal,
  file,
  httpUrl,
  integer,
  LOG_LEVELS,
  optional,
  originList,
  required,
  storeUrl,
  VARIABLES,
  webhookSecret,
} from './variables.ts';

export { isAllowedOrigin, normaliseOrigin, VARIABLES, type Variable } from './variables.ts';

export interface RelayConfig {
  apiUrl: string;
  identifyUrl: string;
  relyingPartyId: string;
  tls: TlsCredentials;
  /** RELAY_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  apiKeys: string[];
  /** Normalised origins (scheme://host[:port]). */
  allowedOrigins: string[];
  store: string;
  /** secret: Standard Webhooks `whsec_<base64>` or raw; both accepted. */
  webhook?: { url: string; secret: string };
  openStart: boolean;
  /** Open start of B-Trust MOBILE too (it pushes a request to the phone of whoever's id is typed in). */
  openStartMobile: boolean;
  host: string;
  port: number;
  language: 'bg' | 'en';
  retentionDays: number;
  sessionTtlMinutes: number;
  poll: { initialMs: number; maxMs: number; factor: number };
  rateLimit: { createPerMinute: number; startPerMinute: number; mobilePerIdPerHour: number };
  logLevel: string;
  trustProxy: boolean;
  limits: RelayLimits;
}

/** What a hostile or runaway client can hold or cost (README "Limits"). */
export interface RelayLimits {
  maxConnections: number;
  ssePerSession: number;
  ssePerIp: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
  callbackConfirmIntervalMs: number;
  signingMaxBytes: number;
  signingUploads: number;
}

export type LoadConfigResult = { ok: true; config: RelayConfig } | { ok: false; problems: string[] };

/** Everything except the BORICA connection and the secrets: what a relay has unless told otherwise. */
export const CONFIG_DEFAULTS = {
  allowedOrigins: [] as string[],
  store: DEFAULT_STORE_URL,
  openStart: false,
  openStartMobile: false,
  host: '127.0.0.1',
  port: 8787,
  language: 'bg' as const,
  retentionDays: 30,
  sessionTtlMinutes: 60,
  poll: { initialMs: 2000, maxMs: 30_000, factor: 1.6 },
  rateLimit: { createPerMinute: 60, startPerMinute: 30, mobilePerIdPerHour: 5 },
  logLevel: 'info',
  trustProxy: false,
  limits: {
    maxConnections: 15_000,
    ssePerSession: 5,
    ssePerIp: 100,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5000,
    maxHeaderBytes: 16_384,
    callbackConfirmIntervalMs: 1000,
    signingMaxBytes: 30 * 1024 * 1024,
    signingUploads: 2,
  } satisfies RelayLimits,
} satisfies Partial<RelayConfig>;

const d = CONFIG_DEFAULTS;

/** Each limit's variable, range and field; parsed the same with and without --simulator. */
const LIMIT_VARIABLES = {
  RELAY_MAX_CONNECTIONS: ['maxConnections', 1, 1_000_000],
  RELAY_SSE_PER_SESSION: ['ssePerSession', 1, 10_000],
  RELAY_SSE_PER_IP: ['ssePerIp', 1, 1_000_000],
  RELAY_HEADERS_TIMEOUT_MS: ['headersTimeoutMs', 1000, 600_000],
  RELAY_REQUEST_TIMEOUT_MS: ['requestTimeoutMs', 1000, 3_600_000],
  RELAY_KEEPALIVE_TIMEOUT_MS: ['keepAliveTimeoutMs', 100, 600_000],
  RELAY_MAX_HEADER_BYTES: ['maxHeaderBytes', 1024, 1_048_576],
  RELAY_CALLBACK_CONFIRM_INTERVAL_MS: ['callbackConfirmIntervalMs', 0, 600_000],
  RELAY_SIGNING_MAX_BYTES: ['signingMaxBytes', 1024, 1024 * 1024 * 1024],
  RELAY_SIGNING_UPLOADS: ['signingUploads', 1, 64],
} as const satisfies Record<string, [keyof RelayLimits, number, number]>;

type LimitVariable = keyof typeof LIMIT_VARIABLES;

const LIMIT_SCHEMAS = Object.fromEntries(
  Object.entries(LIMIT_VARIABLES).map(([name, [, min, max]]) => [name, optional(integer(min, max))]),
) as Record<LimitVariable, ReturnType<typeof optional<ReturnType<typeof integer>>>>;

function limitsFrom(e: Partial<Record<LimitVariable, number | undefined>>): RelayLimits {
  const limits: RelayLimits = { ...d.limits };
  for (const [name, [field]] of Object.entries(LIMIT_VARIABLES) as [
    LimitVariable,
    readonly [keyof RelayLimits, number, number],
  ][]) {
    const value = e[name];
    if (value !== undefined) limits[field] = value;
  }
  return limits;
}

/** Rules between limits: Node closes a request on whichever of its timeouts comes first. */
function limitProblems(limits: RelayLimits): string[] {
  return limits.requestTimeoutMs < limits.headersTimeoutMs
    ? ['RELAY_REQUEST_TIMEOUT_MS: must not be smaller than RELAY_HEADERS_TIMEOUT_MS']
    : [];
}

const EnvSchema = z.object({
  BORICA_API_URL: required(httpUrl(), 'the Signing API base URL, e.g. https://…/signing-api/v2'),
  BORICA_IDENTIFY_URL: required(httpUrl(), "the base URL of BORICA's identification page"),
  BORICA_RELYING_PARTY_ID: required(z.string().trim().min(1), 'your relying party id from BORICA'),
  BORICA_CLIENT_CERT: optional(file()),
  BORICA_CLIENT_KEY: optional(file()),
  BORICA_CA_CERT: optional(file()),
  BORICA_CLIENT_PFX: optional(file()),
  BORICA_CLIENT_PFX_PASSPHRASE: optional(z.string()),
  BORICA_LANGUAGE: optional(z.enum(['bg', 'en'], { error: (iss) => `"${iss.input}" is not bg or en` })),
  RELAY_PUBLIC_URL: required(httpUrl(), 'the URL where BORICA and browsers reach this relay'),
  RELAY_API_KEYS: required(apiKeys(), 'comma-separated keys, each at least 16 characters'),
  RELAY_ALLOWED_ORIGINS: optional(originList()),
  RELAY_STORE: optional(storeUrl()),
  RELAY_WEBHOOK_URL: optional(httpUrl()),
  RELAY_WEBHOOK_SECRET: optional(webhookSecret()),
  RELAY_OPEN_START: optional(boolean()),
  RELAY_OPEN_START_MOBILE: optional(boolean()),
  HOST: optional(z.string().trim().min(1)),
  PORT: optional(integer(0, 65535)),
  RELAY_TRUST_PROXY: optional(boolean()),
  LOG_LEVEL: optional(
    z.enum(LOG_LEVELS, { error: (iss) => `"${iss.input}" is not one of ${LOG_LEVELS.join(', ')}` }),
  ),
  RELAY_RETENTION_DAYS: optional(integer(1, 3650)),
  RELAY_SESSION_TTL_MINUTES: optional(integer(1, 7 * 24 * 60)),
  RELAY_POLL_INITIAL_MS: optional(integer(100, 600_000)),
  RELAY_POLL_MAX_MS: optional(integer(100, 3_600_000)),
  RELAY_POLL_FACTOR: optional(decimal(1, 10)),
  RELAY_RATE_CREATE_PER_MINUTE: optional(integer(1, 1_000_000)),
  RELAY_RATE_START_PER_MINUTE: optional(integer(1, 1_000_000)),
  RELAY_RATE_MOBILE_PER_ID_PER_HOUR: optional(integer(1, 1_000_000)),
  ...LIMIT_SCHEMAS,
});

const set = (v: string | undefined) => v !== undefined && v.trim() !== '';

/** Rules between variables, checked on the raw environment. */
function crossProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const pem = set(env.BORICA_CLIENT_CERT) || set(env.BORICA_CLIENT_KEY);
  const pfx = set(env.BORICA_CLIENT_PFX);
  if (pem && pfx) {
    problems.push(
      'BORICA_CLIENT_PFX: give either BORICA_CLIENT_PFX or BORICA_CLIENT_CERT + BORICA_CLIENT_KEY, not both',
    );
  } else if (!pem && !pfx) {
    problems.push(
      'BORICA_CLIENT_CERT: a client certificate is required (BORICA_CLIENT_CERT + BORICA_CLIENT_KEY, or BORICA_CLIENT_PFX)',
    );
  } else if (pem && !set(env.BORICA_CLIENT_KEY)) {
    problems.push('BORICA_CLIENT_KEY: is required with BORICA_CLIENT_CERT');
  } else if (pem && !set(env.BORICA_CLIENT_CERT)) {
    problems.push('BORICA_CLIENT_CERT: is required with BORICA_CLIENT_KEY');
  }
  if (set(env.BORICA_CLIENT_PFX_PASSPHRASE) && !pfx) {
    problems.push('BORICA_CLIENT_PFX_PASSPHRASE: is set but BORICA_CLIENT_PFX is not');
  }
  if (set(env.RELAY_WEBHOOK_URL) && !set(env.RELAY_WEBHOOK_SECRET)) {
    problems.push(
      'RELAY_WEBHOOK_SECRET: is required with RELAY_WEBHOOK_URL (whsec_<base64> or >= 16 characters)',
    );
  }
  if (set(env.RELAY_WEBHOOK_SECRET) && !set(env.RELAY_WEBHOOK_URL)) {
    problems.push('RELAY_WEBHOOK_URL: is required with RELAY_WEBHOOK_SECRET');
  }
  return problems;
}

/** The provider module's messages name its option (`certFile …`, `pfx: …`); say the variable instead. */
const TLS_OPTION_TO_VARIABLE: [RegExp, string][] = [
  [/^(certFile|cert)\b:?\s*/, 'BORICA_CLIENT_CERT'],
  [/^(keyFile|key)\b:?\s*/, 'BORICA_CLIENT_KEY'],
  [/^(caFile|ca)\b:?\s*/, 'BORICA_CA_CERT'],
  [/^(pfxFile|pfx)\b:?\s*/, 'BORICA_CLIENT_PFX'],
  [/^(passphraseFile|passphrase)\b:?\s*/, 'BORICA_CLIENT_PFX_PASSPHRASE'],
];

export function tlsProblem(message: string): string {
  const text = message.replace(/^[a-zA-Z]+Error:\s*/, '');
  for (const [pattern, variable] of TLS_OPTION_TO_VARIABLE) {
    if (pattern.test(text)) return `${variable}: ${text.replace(pattern, '')}`;
  }
  return `BORICA_CLIENT_CERT: ${text}`;
}

export function loadConfig(env: NodeJS.ProcessEnv): LoadConfigResult {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])}: ${issue.message}`);
  }
  problems.push(...crossProblems(env));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  const e = parsed.data;

  let tls: TlsCredentials;
  try {
    tls = loadTlsCredentials({
      certFile: e.BORICA_CLIENT_CERT,
      keyFile: e.BORICA_CLIENT_KEY,
      caFile: e.BORICA_CA_CERT,
      pfxFile: e.BORICA_CLIENT_PFX,
      passphrase: e.BORICA_CLIENT_PFX_PASSPHRASE,
    });
  } catch (err) {
    return { ok: false, problems: [tlsProblem((err as Error).message)] };
  }

  const poll = {
    initialMs: e.RELAY_POLL_INITIAL_MS ?? d.poll.initialMs,
    maxMs: e.RELAY_POLL_MAX_MS ?? d.poll.maxMs,
    factor: e.RELAY_POLL_FACTOR ?? d.poll.factor,
  };
  if (poll.maxMs < poll.initialMs) {
    return { ok: false, problems: ['RELAY_POLL_MAX_MS: must not be smaller than RELAY_POLL_INITIAL_MS'] };
  }

  const config: RelayConfig = {
    apiUrl: e.BORICA_API_URL.replace(/\/+$/, ''),
    identifyUrl: e.BORICA_IDENTIFY_URL.replace(/\/+$/, ''),
    relyingPartyId: e.BORICA_RELYING_PARTY_ID,
    tls,
    publicUrl: e.RELAY_PUBLIC_URL.replace(/\/+$/, ''),
    apiKeys: e.RELAY_API_KEYS,
    allowedOrigins: e.RELAY_ALLOWED_ORIGINS ?? d.allowedOrigins,
    store: e.RELAY_STORE ?? d.store,
    openStart: e.RELAY_OPEN_START ?? d.openStart,
    openStartMobile: e.RELAY_OPEN_START_MOBILE ?? d.openStartMobile,
    host: e.HOST ?? d.host,
    port: e.PORT ?? d.port,
    language: e.BORICA_LANGUAGE ?? d.language,
    retentionDays: e.RELAY_RETENTION_DAYS ?? d.retentionDays,
    sessionTtlMinutes: e.RELAY_SESSION_TTL_MINUTES ?? d.sessionTtlMinutes,
    poll,
    rateLimit: {
      createPerMinute: e.RELAY_RATE_CREATE_PER_MINUTE ?? d.rateLimit.createPerMinute,
      startPerMinute: e.RELAY_RATE_START_PER_MINUTE ?? d.rateLimit.startPerMinute,
      mobilePerIdPerHour: e.RELAY_RATE_MOBILE_PER_ID_PER_HOUR ?? d.rateLimit.mobilePerIdPerHour,
    },
    logLevel: e.LOG_LEVEL ?? d.logLevel,
    trustProxy: e.RELAY_TRUST_PROXY ?? d.trustProxy,
    limits: limitsFrom(e),
  };
  const badLimits = limitProblems(config.limits);
  if (badLimits.length) return { ok: false, problems: badLimits };
  if (e.RELAY_WEBHOOK_URL && e.RELAY_WEBHOOK_SECRET) {
    config.webhook = { url: e.RELAY_WEBHOOK_URL, secret: e.RELAY_WEBHOOK_SECRET };
  }
  return { ok: true, config };
}

/**
 * For `--simulator`: the optional variables that still apply (store, origins, listen address, log
 * level, open start, webhook, tuning); the BORICA connection and API keys come from the simulator.
 */
export function loadOverrides(
  env: NodeJS.ProcessEnv,
): { ok: true; overrides: Partial<RelayConfig> } | { ok: false; problems: string[] } {
  const schema = EnvSchema.pick({
    RELAY_ALLOWED_ORIGINS: true,
    RELAY_STORE: true,
    RELAY_WEBHOOK_URL: true,
    RELAY_WEBHOOK_SECRET: true,
    RELAY_OPEN_START: true,
    RELAY_OPEN_START_MOBILE: true,
    HOST: true,
    PORT: true,
    RELAY_TRUST_PROXY: true,
    LOG_LEVEL: true,
    BORICA_LANGUAGE: true,
    RELAY_RETENTION_DAYS: true,
    RELAY_SESSION_TTL_MINUTES: true,
    ...(Object.fromEntries(Object.keys(LIMIT_VARIABLES).map((k) => [k, true])) as Record<
      LimitVariable,
      true
    >),
  });
  const parsed = schema.safeParse(env);
  const problems = crossProblems(env).filter((p) => p.startsWith('RELAY_WEBHOOK'));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])}: ${issue.message}`);
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  const e = parsed.data;
  const overrides: Partial<RelayConfig> = {};
  if (e.RELAY_ALLOWED_ORIGINS) overrides.allowedOrigins = e.RELAY_ALLOWED_ORIGINS;
  if (e.RELAY_STORE) overrides.store = e.RELAY_STORE;
  if (e.RELAY_WEBHOOK_URL && e.RELAY_WEBHOOK_SECRET) {
    overrides.webhook = { url: e.RELAY_WEBHOOK_URL, secret: e.RELAY_WEBHOOK_SECRET };
  }
  if (e.RELAY_OPEN_START !== undefined) overrides.openStart = e.RELAY_OPEN_START;
  if (e.RELAY_OPEN_START_MOBILE !== undefined) overrides.openStartMobile = e.RELAY_OPEN_START_MOBILE;
  if (e.HOST) overrides.host = e.HOST;
  if (e.PORT !== undefined) overrides.port = e.PORT;
  if (e.RELAY_TRUST_PROXY !== undefined) overrides.trustProxy = e.RELAY_TRUST_PROXY;
  if (e.LOG_LEVEL) overrides.logLevel = e.LOG_LEVEL;
  if (e.BORICA_LANGUAGE) overrides.language = e.BORICA_LANGUAGE;
  if (e.RELAY_RETENTION_DAYS) overrides.retentionDays = e.RELAY_RETENTION_DAYS;
  if (e.RELAY_SESSION_TTL_MINUTES) overrides.sessionTtlMinutes = e.RELAY_SESSION_TTL_MINUTES;
  const limits = limitsFrom(e);
  const badLimits = limitProblems(limits);
  if (badLimits.length) return { ok: false, problems: badLimits };
  if (Object.keys(LIMIT_VARIABLES).some((k) => e[k as LimitVariable] !== undefined))
    overrides.limits = limits;
  return { ok: true, overrides };
}

const ORDER = new Map(VARIABLES.map((v, i) => [v.name, i]));

function sortProblems(problems: string[]): string[] {
  const rank = (p: string) => ORDER.get(p.slice(0, p.indexOf(':'))) ?? ORDER.size;
  return [...new Set(problems)].sort((a, b) => rank(a) - rank(b));
}

function helpText(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length)) + 2;
  const lines = [
    'borica-relay — the relying party server for <borica-identify> (BORICA B-Trust Signing API)',
    '',
    'Usage:',
    '  borica-relay                 start with configuration from the environment',
    '  borica-relay --simulator     start against an in-process BORICA simulator; no variables needed',
    '  borica-relay --help          this text',
    '',
    'Environment (required ones marked *):',
  ];
  let group = '';
  for (const v of VARIABLES) {
    if (v.group !== group) {
      group = v.group;
      lines.push('', `  ${group}`);
    }
    const def = v.required ? ' *' : v.default !== undefined ? ` (default: ${v.default})` : '';
    lines.push(`  ${v.name.padEnd(width)}${v.help}${def}`);
  }
  lines.push(
    '',
    'Either BORICA_CLIENT_CERT + BORICA_CLIENT_KEY or BORICA_CLIENT_PFX is required.',
    'Endpoints: /v1/… (API), /healthz, /readyz, /metrics, /openapi.json.',
  );
  return `${lines.join('\n')}\n`;
}

export const HELP_TEXT = helpText();

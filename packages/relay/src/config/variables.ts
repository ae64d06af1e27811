/**
 * Every environment variable the relay reads, defined once: its group, its documentation (the
 * README table and `--help` are rendered from it), its default, how its value is parsed and checked,
 * and which RelayConfig field it fills. Rules between variables live in rules.ts.
 */
import { z } from 'zod';
import type { TlsFilePaths } from '../provider/index.ts';
import { DEFAULT_STORE_URL } from '../store/index.ts';
import {
  apiKeys,
  boolean,
  decimal,
  file,
  httpUrl,
  integer,
  oneOf,
  originList,
  storeUrl,
  text,
  webhookSecret,
} from './fields.ts';
import type { RelayConfig, RelayLimits } from './relay-config.ts';

/** A config under construction; the TLS file paths are read into `tls` once all are known. */
export type ConfigDraft = RelayConfig & { tlsFiles: TlsFilePaths };

export const GROUPS = ['BORICA', 'Relay', 'Tuning', 'Limits'] as const;

export interface Variable<T = unknown> {
  name: string;
  group: (typeof GROUPS)[number];
  /** Markdown, one paragraph: the README's "meaning" cell (`--help` prints it without backticks). */
  doc: string;
  /** Must be set; the hint completes the message "is required (…)". */
  required?: string;
  /** The value used when the variable is unset, parsed like a set one. */
  default?: string;
  /** Words for the default column where the default is not a value (`system roots`). */
  defaultText?: string;
  /** Still read under `--simulator` (which supplies the BORICA connection and an API key itself). */
  simulator?: boolean;
  /** Parses a set (non-blank) value; its one-line error message is shown after the variable's name. */
  schema: z.ZodType<T, string>;
  /** Puts the parsed value into the config. */
  set(config: ConfigDraft, value: T): void;
}

/** Keeps `schema` and `set` agreeing on the value's type, then forgets it for the list. */
function variable<T>(v: Variable<T>): Variable {
  return v as unknown as Variable;
}

/** A whole-number limit: same shape for each, still under --simulator. */
function limit(
  name: string,
  field: keyof RelayLimits,
  o: { default: string; min: number; max: number; doc: string },
): Variable {
  return variable({
    group: 'Limits',
    name,
    default: o.default,
    simulator: true,
    doc: o.doc,
    schema: integer(o.min, o.max),
    set: (c, v) => (c.limits = { ...c.limits, [field]: v }),
  });
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const VARIABLES: Variable[] = [
  variable({
    group: 'BORICA',
    name: 'BORICA_API_URL',
    required: 'the Signing API base URL, e.g. https://…/signing-api/v2',
    doc: 'Signing API base including `/signing-api/v2`, e.g. `https://cqes-rpuat.b-trust.bg/signing-api/v2`',
    schema: httpUrl(),
    set: (c, v) => (c.apiUrl = withoutSlash(v)),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_IDENTIFY_URL',
    required: "the base URL of BORICA's identification page",
    doc: "base of BORICA's identification page; the customer is sent to `{this}/session/{sessionId}`",
    schema: httpUrl(),
    set: (c, v) => (c.identifyUrl = withoutSlash(v)),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_RELYING_PARTY_ID',
    required: 'your relying party id from BORICA',
    doc: 'your relying party id; sent as the `relyingPartyID` header',
    schema: text(),
    set: (c, v) => (c.relyingPartyId = v),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_CLIENT_CERT',
    doc: 'PEM file: the client certificate BORICA issued you',
    schema: file(),
    set: (c, v) => (c.tlsFiles = { ...c.tlsFiles, certFile: v }),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_CLIENT_KEY',
    doc: 'PEM file: its private key (unencrypted; use PKCS#12 for an encrypted key)',
    schema: file(),
    set: (c, v) => (c.tlsFiles = { ...c.tlsFiles, keyFile: v }),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_CA_CERT',
    defaultText: 'system roots',
    doc: "PEM file: the CA of BORICA's server certificate",
    schema: file(),
    set: (c, v) => (c.tlsFiles = { ...c.tlsFiles, caFile: v }),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_CLIENT_PFX',
    doc: 'alternative to CERT + KEY: a PKCS#12 (`.p12`/`.pfx`) bundle',
    schema: file(),
    set: (c, v) => (c.tlsFiles = { ...c.tlsFiles, pfxFile: v }),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_CLIENT_PFX_PASSPHRASE',
    doc: 'its passphrase',
    schema: z.string(),
    set: (c, v) => (c.tlsFiles = { ...c.tlsFiles, passphrase: v }),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_LANGUAGE',
    default: 'bg',
    simulator: true,
    doc: '`Accept-language` towards BORICA (`bg` or `en`)',
    schema: oneOf(['bg', 'en'], 'bg or en'),
    set: (c, v) => (c.language = v),
  }),
  variable({
    group: 'BORICA',
    name: 'BORICA_TRACE',
    defaultText: 'off',
    simulator: true,
    doc: 'file for the provider trace: one JSON line per exchange and callback, shapes only ([below](#provider-trace))',
    schema: text(),
    set: (c, v) => (c.trace = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_PUBLIC_URL',
    required: 'the URL where BORICA and browsers reach this relay',
    doc: 'where BORICA and browsers reach this relay (behind your proxy, the public URL); callback URLs are `{this}/v1/borica/callbacks/{secret}`',
    schema: httpUrl(),
    set: (c, v) => (c.publicUrl = withoutSlash(v)),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_API_KEYS',
    required: 'comma-separated keys, each at least 16 characters',
    doc: 'comma-separated keys for the server API, each at least 16 characters; several allow rotation',
    schema: apiKeys(),
    set: (c, v) => (c.apiKeys = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_ALLOWED_ORIGINS',
    default: '',
    defaultText: 'none',
    simulator: true,
    doc: 'comma-separated origins `scheme://host[:port]` (or `scheme://host:*` for any port, for development): CORS of the client API, open-start origins, and the only origins a `returnUrl` may point to',
    schema: originList(),
    set: (c, v) => (c.allowedOrigins = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_STORE',
    default: DEFAULT_STORE_URL,
    simulator: true,
    doc: '`sqlite:<path>` (embedded, durable, one instance), `redis://[:password@]host:port[/db][?prefix=bi:]` (several instances sharing one Redis; `rediss://` for TLS), `memory:` (tests; lost on exit)',
    schema: storeUrl(),
    set: (c, v) => (c.store = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_WEBHOOK_URL',
    simulator: true,
    doc: "your backend's endpoint for outbound webhooks",
    schema: httpUrl(),
    set: (c, v) => (c.webhook = { ...c.webhook!, url: v }),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_WEBHOOK_SECRET',
    simulator: true,
    doc: 'signing secret: `whsec_<base64>` (Standard Webhooks) or any string of ≥ 16 characters; required with the URL',
    schema: webhookSecret(),
    set: (c, v) => (c.webhook = { ...c.webhook!, secret: v }),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_OPEN_START',
    default: 'false',
    simulator: true,
    doc: '`true` lets the widget create web identifications itself (`POST /v1/client/identifications`) from an allowed origin — for sites without a backend',
    schema: boolean(),
    set: (c, v) => (c.openStart = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_OPEN_START_MOBILE',
    default: 'false',
    simulator: true,
    doc: 'with open start, `true` also lets the widget start B-Trust MOBILE. Off by default: anyone can send an allowed `Origin` from a script, and a mobile start pushes a request to the phone of whatever id is typed in, billed to you',
    schema: boolean(),
    set: (c, v) => (c.openStartMobile = v),
  }),
  variable({
    group: 'Relay',
    name: 'HOST',
    default: '127.0.0.1',
    simulator: true,
    doc: 'listen address (`0.0.0.0` in a container)',
    schema: text(),
    set: (c, v) => (c.host = v),
  }),
  variable({
    group: 'Relay',
    name: 'PORT',
    default: '8787',
    simulator: true,
    doc: 'listen port',
    schema: integer(0, 65535),
    set: (c, v) => (c.port = v),
  }),
  variable({
    group: 'Relay',
    name: 'RELAY_TRUST_PROXY',
    default: 'false',
    simulator: true,
    doc: '`true`: the client IP (rate limits) is the last `X-Forwarded-For` entry (the one your proxy added); only behind exactly one proxy of your own',
    schema: boolean(),
    set: (c, v) => (c.trustProxy = v),
  }),
  variable({
    group: 'Relay',
    name: 'LOG_LEVEL',
    default: 'info',
    simulator: true,
    doc: '`fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`',
    schema: oneOf(LOG_LEVELS, `one of ${LOG_LEVELS.join(', ')}`),
    set: (c, v) => (c.logLevel = v),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_RETENTION_DAYS',
    default: '30',
    simulator: true,
    doc: 'ended sessions (events, certificates, signed documents) are deleted after this many days',
    schema: integer(1, 3650),
    set: (c, v) => (c.retentionDays = v),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_SESSION_TTL_MINUTES',
    default: '60',
    simulator: true,
    doc: 'a session not completed within this time becomes `expired` (under agent review: 72 h more)',
    schema: integer(1, 7 * 24 * 60),
    set: (c, v) => (c.sessionTtlMinutes = v),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_POLL_INITIAL_MS',
    default: '2000',
    doc: 'first status poll of BORICA after a start',
    schema: integer(100, 600_000),
    set: (c, v) => (c.poll = { ...c.poll, initialMs: v }),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_POLL_MAX_MS',
    default: '30000',
    doc: 'longest pause between polls',
    schema: integer(100, 3_600_000),
    set: (c, v) => (c.poll = { ...c.poll, maxMs: v }),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_POLL_FACTOR',
    default: '1.6',
    doc: 'backoff factor between polls',
    schema: decimal(1, 10),
    set: (c, v) => (c.poll = { ...c.poll, factor: v }),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_RATE_CREATE_PER_MINUTE',
    default: '60',
    doc: 'session creations per client IP per minute',
    schema: integer(1, 1_000_000),
    set: (c, v) => (c.rateLimit = { ...c.rateLimit, createPerMinute: v }),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_RATE_START_PER_MINUTE',
    default: '30',
    doc: 'session starts per client IP per minute',
    schema: integer(1, 1_000_000),
    set: (c, v) => (c.rateLimit = { ...c.rateLimit, startPerMinute: v }),
  }),
  variable({
    group: 'Tuning',
    name: 'RELAY_RATE_MOBILE_PER_ID_PER_HOUR',
    default: '5',
    doc: 'B-Trust MOBILE requests per national id per hour',
    schema: integer(1, 1_000_000),
    set: (c, v) => (c.rateLimit = { ...c.rateLimit, mobilePerIdPerHour: v }),
  }),
  limit('RELAY_MAX_CONNECTIONS', 'maxConnections', {
    default: '15000',
    min: 1,
    max: 1_000_000,
    doc: "open connections in total; beyond it every request gets 503 `overloaded` (`/healthz` and `/readyz` still answer). Keep the process's `ulimit -n` above it",
  }),
  limit('RELAY_SSE_PER_SESSION', 'ssePerSession', {
    default: '5',
    min: 1,
    max: 10_000,
    doc: 'open event streams per session; one more gets 429 `rate_limited`',
  }),
  limit('RELAY_SSE_PER_IP', 'ssePerIp', {
    default: '100',
    min: 1,
    max: 1_000_000,
    doc: "open event streams per client IP (IPv6: per /64); one more gets 429 `rate_limited`. Behind a proxy set `RELAY_TRUST_PROXY`, or every client shares the proxy's address",
  }),
  limit('RELAY_HEADERS_TIMEOUT_MS', 'headersTimeoutMs', {
    default: '10000',
    min: 1000,
    max: 600_000,
    doc: 'a request whose headers are not complete within this time gets 408 `request_timeout` and its connection is closed (slow-loris: cut off within this plus 1 s)',
  }),
  limit('RELAY_REQUEST_TIMEOUT_MS', 'requestTimeoutMs', {
    default: '30000',
    min: 1000,
    max: 3_600_000,
    doc: 'a request not fully received (headers and body) within this time gets 408 `request_timeout`; at least `RELAY_HEADERS_TIMEOUT_MS`. Event streams are not affected (their request has no body)',
  }),
  limit('RELAY_KEEPALIVE_TIMEOUT_MS', 'keepAliveTimeoutMs', {
    default: '5000',
    min: 100,
    max: 600_000,
    doc: 'an idle keep-alive connection is closed after this time',
  }),
  limit('RELAY_MAX_HEADER_BYTES', 'maxHeaderBytes', {
    default: '16384',
    min: 1024,
    max: 1_048_576,
    doc: 'largest request head (request line and headers); a larger one gets 431 `headers_too_large`',
  }),
  limit('RELAY_CALLBACK_CONFIRM_INTERVAL_MS', 'callbackConfirmIntervalMs', {
    default: '1000',
    min: 0,
    max: 600_000,
    doc: 'callbacks of one session cause at most one confirmation with BORICA per this interval; more in between are folded into one (forged callbacks to a leaked URL cost no more than that)',
  }),
  limit('RELAY_SIGNING_MAX_BYTES', 'signingMaxBytes', {
    default: '31457280',
    min: 1024,
    max: 1_073_741_824,
    doc: 'largest `POST /v1/signings` body (base64 PDFs; 30 MiB); a larger one gets 413 `payload_too_large`',
  }),
  limit('RELAY_SIGNING_UPLOADS', 'signingUploads', {
    default: '1',
    min: 1,
    max: 64,
    doc: 'signing bodies read and decoded at the same time; further uploads wait their turn unread, so memory stays bounded',
  }),
];

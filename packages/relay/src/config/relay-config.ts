/** The relay's configuration as the code uses it (variables.ts says which variable fills which field). */
import type { TlsCredentials } from '../provider/index.ts';

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
  /** BORICA_TRACE: a file that gets one JSON line (shapes only) per provider exchange and callback. */
  trace?: string;
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

/** Configuration for `borica-relay --simulator`: everything derived from an in-process simulator. */
import { randomBytes } from 'node:crypto';
import { CONFIG_DEFAULTS, type RelayConfig } from './index.ts';
import { normaliseOrigin } from './origins.ts';

/**
 * What the relay uses of a running simulator: @borica-identify/simulator's `Simulator` fits it. Written
 * out here because that package is optional (a peer): the relay's published types must not need it.
 */
export interface SimulatorEndpoints {
  apiUrl: string;
  pagesUrl: string;
  relyingPartyId: string;
  pki: { clientCert: string; clientKey: string; caCert: string };
}

/** A fresh server-API key for a simulator run (printed once on start). */
export function generateApiKey(): string {
  return `sim_${randomBytes(24).toString('base64url')}`;
}

/**
 * `publicUrl` is the relay's own address (known once it listens). Allowed origins: the relay itself,
 * any port on 127.0.0.1 and localhost (the demo and dev servers), plus RELAY_ALLOWED_ORIGINS.
 */
export function simulatorConfig(
  sim: SimulatorEndpoints,
  options: { publicUrl: string; apiKey: string; extraOrigins?: string[]; store?: string },
): RelayConfig {
  const own = normaliseOrigin(new URL(options.publicUrl).origin);
  const origins = [own, 'http://127.0.0.1:*', 'http://localhost:*', ...(options.extraOrigins ?? [])].filter(
    (o): o is string => !!o,
  );
  return {
    ...structuredClone(CONFIG_DEFAULTS),
    apiUrl: sim.apiUrl,
    identifyUrl: sim.pagesUrl,
    relyingPartyId: sim.relyingPartyId,
    tls: { cert: sim.pki.clientCert, key: sim.pki.clientKey, ca: sim.pki.caCert },
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    apiKeys: [options.apiKey],
    allowedOrigins: [...new Set(origins)],
    store: options.store ?? CONFIG_DEFAULTS.store,
    // The simulator is a playground: let the demo's widget create web identifications itself.
    openStart: true,
    openStartMobile: true,
  };
}

/** @borica-identify/relay: the relying party's server for <borica-identify>. */

export { HELP_TEXT, loadConfig, type RelayConfig } from './config/index.ts';
export type { RelayDeps, RelayTuning } from './deps.ts';
export { createRelay, type Relay } from './http/app.ts';
export type { SigningApiClient, TlsCredentials } from './provider/index.ts';
export { createSigningApiClient, parseCallback, SigningApiError } from './provider/index.ts';
export { startRelay } from './server.ts';
export { createStore } from './store/index.ts';
export type * from './store/types.ts';
export { signWebhook, verifyWebhook } from './webhooks/index.ts';

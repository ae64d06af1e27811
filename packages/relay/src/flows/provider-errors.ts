/** How a failed provider call shows to callers and in a session's `error`; never the provider's body. */
import type { SessionError } from '@borica-identify/protocol';
import { failures, type RelayError } from '../errors/index.ts';
import type { SigningApiError } from '../provider/index.ts';

export function asProviderError(e: unknown): SigningApiError | null {
  return e instanceof Error && e.name === 'SigningApiError' ? (e as SigningApiError) : null;
}

const REJECTED = new Set(['BORICA_BAD_REQUEST', 'BORICA_REJECTED', 'BORICA_NOT_FOUND']);

export interface StartFailure {
  /** false only when the request provably never left us: safe to try again later. */
  reachedProvider: boolean;
  error: SessionError;
  problem: RelayError;
}

export function describeStartFailure(e: unknown): StartFailure {
  const pe = asProviderError(e);
  // Anything unexpected is treated as having reached the provider: a billable call is never repeated blindly.
  const reachedProvider = pe ? pe.reachedProvider : true;
  const rejected = pe ? REJECTED.has(pe.code) : false;
  const code = rejected ? 'provider_rejected' : 'provider_unavailable';
  const message = rejected
    ? `The provider refused the request (${pe?.code}).`
    : `The provider could not be reached or failed (${pe?.code ?? 'unexpected error'}).`;
  const problem = rejected
    ? failures.providerRejected(message)
    : failures.providerUnavailable(reachedProvider ? message : `${message} Nothing was started; try again.`);
  return { reachedProvider, error: { code, message }, problem };
}

/** Only the stable code goes to logs: provider messages may echo what we sent. */
export function errorCode(e: unknown): string {
  const pe = asProviderError(e);
  if (pe) return pe.code;
  if (e instanceof Error) return e.name;
  return 'unknown';
}

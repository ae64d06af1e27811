import type { ProviderInfo } from '@borica-identify/protocol';
import type { SessionKind, Status } from '@borica-identify/protocol/constants';

/** `borica-ready`: the widget knows its session (or, in open start, is ready to create one). */
export interface BoricaReadyDetail {
  id?: string;
  kind: SessionKind;
  status?: Status;
}
/** `borica-start`: the provider was contacted; `redirectUrl` is where the customer continues (web, signing). */
export interface BoricaStartDetail {
  id: string;
  kind: SessionKind;
  redirectUrl?: string;
}
/** `borica-status`: every change of status or of the provider's own values. */
export interface BoricaStatusDetail {
  status: Status;
  provider: ProviderInfo;
}
/** `borica-complete`, `borica-cancel`, `borica-expire`: terminal, each fired once per session. */
export interface BoricaSessionDetail {
  id: string;
  kind: SessionKind;
}
/**
 * `borica-error`: `code` is a relay error code (`rate_limited`, `session_expired`…), `network`, or for a
 * session that ended as `failed` the session's own error code (`failed` when it has none).
 * `recoverable`: the widget shows a Retry button and the same action may succeed later.
 */
export interface BoricaErrorDetail {
  code: string;
  message: string;
  recoverable: boolean;
}
/**
 * `borica-retry`: after an unsuccessful end (`failed`, `cancelled`, `expired`) the customer pressed "Try
 * again". Answer it with a new session from your backend: set the element's `session` and `token`.
 * (Open start needs no answer: the widget creates a new session itself.)
 */
export interface BoricaRetryDetail {
  id: string;
  kind: SessionKind;
  status: 'failed' | 'cancelled' | 'expired';
  /** The session's `error.code` when it `failed`. */
  code?: string;
}
/** What `whenDone(el)` / `el.done` resolve with. */
export interface BoricaDone {
  status: 'completed' | 'failed' | 'cancelled' | 'expired';
  id: string;
  kind: SessionKind;
}

export interface BoricaEventMap {
  'borica-ready': CustomEvent<BoricaReadyDetail>;
  'borica-start': CustomEvent<BoricaStartDetail>;
  'borica-status': CustomEvent<BoricaStatusDetail>;
  'borica-complete': CustomEvent<BoricaSessionDetail>;
  'borica-error': CustomEvent<BoricaErrorDetail>;
  'borica-cancel': CustomEvent<BoricaSessionDetail>;
  'borica-expire': CustomEvent<BoricaSessionDetail>;
  'borica-retry': CustomEvent<BoricaRetryDetail>;
}

declare global {
  interface GlobalEventHandlersEventMap extends BoricaEventMap {}
}

export const emit = <K extends keyof BoricaEventMap>(
  el: EventTarget,
  name: K,
  detail: BoricaEventMap[K]['detail'],
): void => {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
};

/**
 * An answer or callback in a shape the relay does not know never fails a session (the session keeps
 * polling until its deadline); it is counted and said, once per occurrence, with its shape only.
 */
import type { Logger } from 'pino';
import type { UnexpectedAnswer } from './types.ts';

export interface UnexpectedSinks {
  log: Logger;
  metrics: { providerUnexpected: { inc(labels: { operation: string }): void } };
}

export function reportUnexpected(to: UnexpectedSinks, e: UnexpectedAnswer): void {
  to.metrics.providerUnexpected.inc({ operation: e.operation });
  to.log.warn(
    { operation: e.operation, httpStatus: e.httpStatus, reason: e.reason, keys: e.keys },
    e.reason === 'shape'
      ? `provider ${e.operation} answer in a shape the relay does not know; the session keeps polling`
      : `provider ${e.operation} answer with a value the guide does not list`,
  );
}

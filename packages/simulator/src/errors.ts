/**
 * A problem a scenario reports; the API turns it into the guide's error body, the pages into a
 * message and the control endpoints into JSON. `detail` names the problem and never carries
 * personal data.
 */
export type SimErrorKind = 'bad_request' | 'not_found' | 'rejected' | 'conflict';

export class SimError extends Error {
  override readonly name = 'SimError';
  constructor(
    readonly kind: SimErrorKind,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function notFound(detail: string): SimError {
  return new SimError('not_found', detail);
}
export function badRequest(detail: string): SimError {
  return new SimError('bad_request', detail);
}
export function rejected(detail: string): SimError {
  return new SimError('rejected', detail);
}
export function conflict(detail: string): SimError {
  return new SimError('conflict', detail);
}

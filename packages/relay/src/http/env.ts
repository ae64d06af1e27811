/** Hono environment of the relay: context variables set by middleware. */
import type { Logger } from 'pino';
import type { SessionRecord } from '../store/types.ts';

export interface RelayEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The session a client token opened (set by `clientTokenAuth`). */
    session: SessionRecord;
  };
}

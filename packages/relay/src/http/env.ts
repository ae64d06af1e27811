/** Hono environment of the relay: context variables set by middleware. */
import type { Logger } from 'pino';
import type { StreamSlot } from '../sse/index.ts';
import type { SessionRecord } from '../store/types.ts';

export interface RelayEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** The session a client token opened (set by `clientTokenAuth`). */
    session: SessionRecord;
    /** The event-stream slot taken by `streamLimit`, handed to the stream. */
    streamSlot: StreamSlot;
    /** `POST /v1/signings`: each document's content, decoded off the event loop (set by `signingBody`). */
    signingContents: (Buffer | undefined)[];
  };
}

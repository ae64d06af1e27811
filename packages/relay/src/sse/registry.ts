/**
 * Open SSE streams of this process. One heartbeat timer per interval for all streams, not one per
 * stream: 10,000 idle streams cost 10,000 small objects in a Set and a single timer.
 */
import { formatRetry, HEARTBEAT } from './format.ts';
import { createStreamLimits, type StreamLimits } from './limits.ts';

/** What the registry needs of a stream; kept minimal so a stream is one small object. */
export interface RegisteredStream {
  write(chunk: string): void;
  /** Ends the response and releases the subscription; idempotent. */
  close(): void;
}

export interface SseRegistry {
  /** Open streams right now (the `relay_sse_streams_open` gauge). */
  readonly size: number;
  /** Shutdown: every stream gets a `retry:` line (so browsers come back to another instance) and ends. */
  closeAll(retryMs?: number): void;
  /** Per-session and per-client caps on open streams (`RELAY_SSE_PER_SESSION`, `RELAY_SSE_PER_IP`). */
  readonly limits: StreamLimits;
  /** @internal used by the stream writer (which holds and releases its `limits` slot itself). */
  add(stream: RegisteredStream, heartbeatMs: number): void;
  /** @internal */
  remove(stream: RegisteredStream): void;
}

export interface SseRegistryOptions {
  /** `retry:` written by `closeAll` when none is given; default 2000 ms. */
  shutdownRetryMs?: number;
  /** Open streams allowed per session and per client key; default: unlimited. */
  perSession?: number;
  perClient?: number;
}

/**
 * Streams written per macrotask. One flush of 10,000 sockets in a single tick blocked the event loop
 * for 170–310 ms (bench/callback-latency.ts), which is what a callback arriving then waited: slices
 * let callbacks and confirmations run between them.
 */
const HEARTBEAT_SLICE = 250;

interface Group {
  heartbeatMs: number;
  streams: Set<RegisteredStream>;
  timer: NodeJS.Timeout;
}

function beat(streams: Set<RegisteredStream>): void {
  const all = [...streams]; // a stream closed meanwhile ignores its write
  let i = 0;
  const slice = () => {
    const end = Math.min(i + HEARTBEAT_SLICE, all.length);
    for (; i < end; i++) all[i]!.write(HEARTBEAT);
    if (i < all.length) setImmediate(slice);
  };
  slice();
}

export function createSseRegistry(options: SseRegistryOptions = {}): SseRegistry {
  const groups = new Map<number, Group>();
  // One entry per open stream (its heartbeat group): every per-stream byte counts (bench/sse-memory).
  const groupOf = new Map<RegisteredStream, Group>();
  const shutdownRetryMs = options.shutdownRetryMs ?? 2000;
  const limits = createStreamLimits({
    perSession: options.perSession ?? Number.POSITIVE_INFINITY,
    perClient: options.perClient ?? Number.POSITIVE_INFINITY,
  });

  return {
    get size() {
      return groupOf.size;
    },
    limits,
    add(stream, heartbeatMs) {
      let group = groups.get(heartbeatMs);
      if (!group) {
        const streams = new Set<RegisteredStream>();
        const timer = setInterval(() => beat(streams), heartbeatMs);
        // Heartbeats alone must not keep a process alive that is otherwise done.
        timer.unref();
        group = { heartbeatMs, streams, timer };
        groups.set(heartbeatMs, group);
      }
      group.streams.add(stream);
      groupOf.set(stream, group);
    },
    remove(stream) {
      const group = groupOf.get(stream);
      if (!group) return;
      groupOf.delete(stream);
      group.streams.delete(stream);
      if (group.streams.size === 0) {
        clearInterval(group.timer);
        groups.delete(group.heartbeatMs);
      }
    },
    closeAll(retryMs = shutdownRetryMs) {
      const retry = formatRetry(retryMs);
      for (const stream of [...groupOf.keys()]) {
        stream.write(retry);
        stream.close();
      }
    },
  };
}

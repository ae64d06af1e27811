/**
 * Streams one session's events as SSE straight onto the raw Node response. Hono's `streamSSE` wraps
 * each stream in a ReadableStream, a TextEncoder pipe and several promises: 2-3x the memory of a bare
 * `node:http` response. Here a stream is one small object plus one store subscription.
 *
 * Ordering: subscribe first, buffer live events, read the backlog, then flush the buffer skipping
 * every seq already written — an event committed while the backlog was being read is neither lost
 * nor sent twice.
 */
import { ServerResponse } from 'node:http';
import { isTerminal } from '@borica-identify/protocol';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { SessionEvent, Store } from '../store/types.ts';
import { formatEvent, formatRetry } from './format.ts';
import type { StreamSlot } from './limits.ts';
import type { RegisteredStream, SseRegistry } from './registry.ts';

export interface StreamSessionEventsOptions {
  store: Store;
  sessionId: string;
  /** The client's `Last-Event-ID` (see `parseLastEventId`). */
  lastEventId?: number;
  /** Comment heartbeat interval; default 15 000 ms (the contract's upper bound). */
  heartbeatMs?: number;
  /** `retry:` sent first; default 3000 ms. */
  retryMs?: number;
  registry: SseRegistry;
  /** The per-session/per-client slot this stream holds (see `registry.limits`); released on close. */
  slot?: StreamSlot;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/** A slow reader that lets this much pile up is dropped; it reconnects with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/**
 * What the handler returns so @hono/node-server leaves the response alone: a Response carrying its
 * "already sent" header, built from the platform's Response class. node-server swaps the global
 * Response for a lightweight class whose instances it may write out directly without looking at
 * that header (a second writeHead → ERR_HTTP_HEADERS_SENT); its shared RESPONSE_ALREADY_SENT is one
 * of those whenever its module loaded after the swap (seen under vitest). As a second line of
 * defence (Hono re-wraps returned responses when middleware touched `c.res`), the stream takes
 * `writeHead`/`end` of this response away from everyone but itself.
 */
const ALREADY_SENT_HEADERS = [...RESPONSE_ALREADY_SENT.headers];

function platformResponse(): typeof Response {
  let R: typeof Response = globalThis.Response;
  // node-server's class sets its prototype to the platform Response it replaced.
  for (
    let p = Object.getPrototypeOf(R);
    typeof p === 'function' && p.name === 'Response';
    p = Object.getPrototypeOf(p)
  ) {
    R = p;
  }
  return R;
}

function alreadySent(): Response {
  const R = platformResponse();
  return new R(null, { headers: ALREADY_SENT_HEADERS });
}

// Shared by every stream: instance properties pointing at these cost a slot each, no closure.
function ignoredWriteHead(this: ServerResponse): ServerResponse {
  return this;
}
function ignoredEnd(this: ServerResponse): ServerResponse {
  return this;
}
const realWrite = ServerResponse.prototype.write as (this: ServerResponse, chunk: string) => boolean;
const realEnd = ServerResponse.prototype.end as (this: ServerResponse) => ServerResponse;

interface Sink {
  write(chunk: string): void;
  end(): void;
  /** Drops the connection without flushing (a reader too slow to keep up). */
  destroy(): void;
  /** Bytes queued but not yet handed to the socket. */
  readonly buffered: number;
}

class SessionStream implements RegisteredStream {
  lastSeq = 0;
  /** Live events that arrive while the backlog is read; null once live. */
  pending: SessionEvent[] | null = [];
  unsubscribe: (() => void) | null = null;
  closed = false;

  constructor(
    readonly sink: Sink,
    readonly registry: SseRegistry,
    private slot: StreamSlot | undefined,
  ) {}

  write(chunk: string): void {
    if (this.closed) return;
    this.sink.write(chunk);
    if (this.sink.buffered > MAX_BUFFERED_BYTES) this.close(true);
  }

  /** Writes `event` unless already written; returns true when the stream is over (terminal). */
  send(event: SessionEvent): boolean {
    if (event.seq <= this.lastSeq) return false;
    this.lastSeq = event.seq;
    this.write(formatEvent(event));
    return isTerminal(event.status);
  }

  onLive(event: SessionEvent): void {
    if (this.closed) return;
    if (this.pending) {
      this.pending.push(event);
      return;
    }
    if (this.send(event)) this.close();
  }

  close(drop = false): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.registry.remove(this);
    this.slot?.release();
    this.slot = undefined;
    if (drop) this.sink.destroy();
    else this.sink.end();
  }
}

/**
 * Classes with shared methods, one shared `close` listener: each idle stream lives for hours, and
 * per-stream closures (with their contexts, and the `name` property tsx/esbuild sets on each) were
 * ~1 KB of the relay's per-stream heap in bench/sse-memory.
 */
class NodeSink implements Sink {
  constructor(readonly res: ServerResponse) {
    res.writeHead = ignoredWriteHead as ServerResponse['writeHead'];
    res.end = ignoredEnd as ServerResponse['end'];
  }

  write(chunk: string): void {
    if (!this.res.writableEnded && !this.res.destroyed) realWrite.call(this.res, chunk);
  }

  end(): void {
    if (!this.res.writableEnded) realEnd.call(this.res);
  }

  destroy(): void {
    this.res.destroy();
  }

  get buffered(): number {
    return this.res.writableLength;
  }
}

const streamOf = new WeakMap<ServerResponse, SessionStream>();

function onResponseClose(this: ServerResponse): void {
  streamOf.get(this)?.close();
}

/** Not behind @hono/node-server (e.g. `app.request()` in tests): the same bytes through a web stream. */
class WebSink implements Sink {
  private readonly encoder = new TextEncoder();
  // Only tests take this path; no slow-reader protection needed.
  readonly buffered = 0;

  constructor(private readonly controller: ReadableStreamDefaultController<Uint8Array>) {}

  write(chunk: string): void {
    try {
      this.controller.enqueue(this.encoder.encode(chunk));
    } catch {}
  }

  end(): void {
    try {
      this.controller.close();
    } catch {}
  }

  destroy(): void {
    this.end();
  }
}

function isServerResponse(value: unknown): value is ServerResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ServerResponse).writeHead === 'function' &&
    typeof (value as ServerResponse).write === 'function'
  );
}

/** Headers already set for this response by middleware (CORS, request id) plus the SSE ones. */
function responseHeaders(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of c.res.headers) {
    if (key === 'content-length' || key === 'content-type') continue;
    headers[key] = value;
  }
  return { ...headers, ...SSE_HEADERS };
}

/**
 * Takes over the response for `GET …/events`. Call it after authorising the caller and checking the
 * session exists; return its result from the handler. Middleware that sets headers AFTER `next()`
 * has no effect on this response (the head is already written).
 */
export function streamSessionEvents(c: Context, opts: StreamSessionEventsOptions): Response {
  // the contract wants a heartbeat at least every 15 s; slices of a large burst take a few ms more
  const heartbeatMs = opts.heartbeatMs ?? 14_000;
  const retryMs = opts.retryMs ?? 3000;
  const headers = responseHeaders(c);
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;

  if (isServerResponse(outgoing)) {
    outgoing.writeHead(200, headers);
    const stream = new SessionStream(new NodeSink(outgoing), opts.registry, opts.slot);
    streamOf.set(outgoing, stream);
    outgoing.on('close', onResponseClose);
    void run(stream, opts, heartbeatMs, retryMs);
    return alreadySent();
  }
  return webStream(opts, headers, heartbeatMs, retryMs);
}

function webStream(
  opts: StreamSessionEventsOptions,
  headers: Record<string, string>,
  heartbeatMs: number,
  retryMs: number,
): Response {
  let stream: SessionStream | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      stream = new SessionStream(new WebSink(controller), opts.registry, opts.slot);
      void run(stream, opts, heartbeatMs, retryMs);
    },
    cancel() {
      stream?.close();
    },
  });
  return new Response(body, { status: 200, headers });
}

async function run(
  stream: SessionStream,
  opts: StreamSessionEventsOptions,
  heartbeatMs: number,
  retryMs: number,
) {
  const { store, sessionId, lastEventId } = opts;
  opts.registry.add(stream, heartbeatMs);
  stream.write(formatRetry(retryMs));
  stream.unsubscribe = store.subscribe(sessionId, (event) => stream.onLive(event));
  if (stream.closed) {
    // The client left before we subscribed; close() ran without a subscription to release.
    stream.unsubscribe();
    return;
  }
  let log: SessionEvent[];
  try {
    log = await store.events(sessionId);
  } catch {
    stream.close();
    return;
  }
  if (stream.closed) return;
  const latest = log.at(-1);
  if (!latest) {
    stream.close();
    return;
  }
  // A Last-Event-ID beyond the log (another deployment's ids, a forged header) counts as none.
  const replayFrom = lastEventId !== undefined && lastEventId <= latest.seq ? lastEventId : undefined;
  let over = false;
  if (replayFrom === undefined) {
    over = stream.send(latest);
  } else {
    stream.lastSeq = replayFrom;
    for (const event of log) if (event.seq > replayFrom && !over) over = stream.send(event);
    // Up to date with a session that has ended: nothing more will ever come.
    if (latest.seq <= replayFrom && isTerminal(latest.status)) over = true;
  }
  const pending = stream.pending ?? [];
  stream.pending = null;
  for (const event of pending) if (!over) over = stream.send(event);
  if (over) stream.close();
}

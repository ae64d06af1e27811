/**
 * Connection-level limits of the relay's Node HTTP server: Node's own header/request/keep-alive
 * timeouts and header size, a total connection cap answered with 503 `overloaded` (so probes can
 * still tell "up but full" from "down"), and problem+json instead of Node's bare 408/431/400.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RelayLimits } from '../config/index.ts';
import { problemBody } from '../http/problem.ts';
import type { Metrics } from '../metrics/index.ts';

/** Probes keep answering on a full relay: a load balancer must see "alive, busy", not "dead". */
const EXEMPT_PATHS = new Set(['/healthz', '/readyz']);

/** How often Node looks for requests past their header/request timeout (its default is 30 s). */
const TIMEOUT_CHECK_MS = 1000;

/** The options `serve()` passes to `http.createServer`. */
export function serverOptions(limits: RelayLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
}

export interface ConnectionGuard {
  /** Open connections right now (the `relay_http_connections_open` gauge). */
  readonly open: number;
  /** Metrics arrive after the server listens (the store and registry are built then). */
  bind(metrics: Metrics): void;
  /** A 503 for a request on a connection over the cap (unless it is a probe), else undefined. */
  refuse(incoming: IncomingMessage | undefined): Response | undefined;
}

function rawProblem(status: number, reason: string, body: object): string {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/problem+json',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
    '',
    json,
  ].join('\r\n');
}

/**
 * Open connections of `server`, this one included while its 'connection' event runs. net.Server
 * keeps that count itself (`_connections`, what `getConnections()` reports); a 'close' listener of
 * our own on every socket would be a third one, which grows the socket's listener array from 2 to 19
 * slots (~150 B held per idle SSE stream, bench/sse-memory). The listener remains as a fallback.
 */
function openConnections(server: Server): () => number {
  const counted = server as Server & { _connections?: unknown };
  if (typeof counted._connections === 'number') return () => counted._connections as number;
  let open = 0;
  const closed = () => {
    open--;
  };
  server.on('connection', (socket: Socket) => {
    open++;
    socket.on('close', closed);
  });
  return () => open;
}

/**
 * Installs the limits on a listening-to-be server and returns the guard its request handler asks.
 * Node's socket-level errors (header overflow, timeouts, unparsable requests) never reach Hono, so
 * they are answered here, once, in the same problem+json shape as everything else.
 */
export function guardConnections(server: Server, limits: RelayLimits): ConnectionGuard {
  let metrics: Metrics | undefined;
  const open = openConnections(server);
  const over = new WeakSet<Socket>();
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;

  server.on('connection', (socket: Socket) => {
    if (open() > limits.maxConnections) over.add(socket);
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const response = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    let answer: string | undefined;
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      metrics?.limitRefusals.inc({ limit: 'header_size' });
      answer = rawProblem(
        431,
        'Request Header Fields Too Large',
        problemBody(
          431,
          'headers_too_large',
          `The request head is larger than ${limits.maxHeaderBytes} bytes.`,
        ),
      );
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      // Headers complete (a response exists) means the body was too slow; otherwise the headers were.
      const limit = response ? 'request_timeout' : 'headers_timeout';
      metrics?.limitRefusals.inc({ limit });
      answer = rawProblem(
        408,
        'Request Timeout',
        problemBody(
          408,
          'request_timeout',
          response
            ? `The request was not received within ${limits.requestTimeoutMs} ms.`
            : `The request headers were not received within ${limits.headersTimeoutMs} ms.`,
        ),
      );
    } else if (err.code !== 'ECONNRESET' && err.code !== 'HPE_INVALID_EOF_STATE') {
      answer = rawProblem(
        400,
        'Bad Request',
        problemBody(400, 'invalid_request', 'The request is malformed.'),
      );
    }
    // A response already started (a handler answered before the body arrived) cannot take another.
    if (answer && socket.writable && !response?.headersSent) socket.end(answer);
    else socket.destroy();
  });

  return {
    get open() {
      return open();
    },
    bind(m) {
      metrics = m;
    },
    refuse(incoming) {
      const socket = incoming?.socket;
      if (!socket || !over.has(socket)) return undefined;
      if (EXEMPT_PATHS.has((incoming.url ?? '').split('?')[0]!)) return undefined;
      metrics?.limitRefusals.inc({ limit: 'connections' });
      return new Response(
        JSON.stringify(
          problemBody(503, 'overloaded', 'The relay holds as many connections as it allows; retry shortly.'),
        ),
        {
          status: 503,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '5', connection: 'close' },
        },
      );
    },
  };
}

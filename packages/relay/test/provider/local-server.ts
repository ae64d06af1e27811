/**
 * A tiny mutual-TLS HTTPS server standing in for the provider when a test needs to script exact
 * answers or look at exact requests (headers, path, body bytes).
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Pki } from '@borica-identify/simulator';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Header names as sent on the wire, in order. */
  rawHeaderNames: string[];
  body: string;
}

export type Reply =
  | { status?: number; json?: unknown; raw?: string; delayMs?: number }
  | { hang: true }
  | { destroy: true };

export interface LocalServer {
  origin: string;
  baseUrl: string;
  port: number;
  requests: Recorded[];
  /** Answers the next requests in order; afterwards `fallback`. */
  queue(...replies: Reply[]): void;
  fallback: (req: Recorded) => Reply;
  close(): Promise<void>;
}

export async function startLocalServer(
  pki: Pki,
  opts: { port?: number; tls?: { maxVersion?: 'TLSv1.2' | 'TLSv1.3' } } = {},
): Promise<LocalServer> {
  const replies: Reply[] = [];
  const requests: Recorded[] = [];
  const server: Server = createServer({
    cert: pki.serverCert,
    key: pki.serverKey,
    ca: pki.caCert,
    requestCert: true,
    rejectUnauthorized: true,
    ...opts.tls,
  });
  const state: LocalServer = {
    origin: '',
    baseUrl: '',
    port: 0,
    requests,
    queue: (...r) => {
      replies.push(...r);
    },
    fallback: () => ({ status: 200, json: { data: {}, code: 'OK' } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const reply = replies.shift() ?? state.fallback(rec);
      if ('hang' in reply) return;
      if ('destroy' in reply) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        const text = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.origin = `https://127.0.0.1:${state.port}`;
  state.baseUrl = `${state.origin}/signing-api/v2`;
  return state;
}

/**
 * The Signing API v2 over mutual TLS. Plain node:https keeps full control of the handshake
 * (client certificate required and verified against the simulator's CA), of raw and hanging answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Context } from '../context.ts';
import { SimError } from '../errors.ts';
import type { Pki } from '../pki/generate.ts';
import { loosen } from './loose.ts';
import { type ApiLanguage, languageOf, type MessageKey, message } from './messages.ts';
import { matchRoute } from './operations.ts';

export const API_PREFIX = '/signing-api/v2';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const ERROR_STATUS: Record<SimError['kind'], { status: number; code: MessageKey }> = {
  bad_request: { status: 400, code: 'BAD REQUEST' },
  not_found: { status: 404, code: 'NOT_FOUND' },
  rejected: { status: 400, code: 'REJECTED' },
  conflict: { status: 400, code: 'BAD REQUEST' },
};

/** The guide's error bodies; REJECTED carries `data: null` (guide 1.2). */
export function errorBody(code: MessageKey, lang: ApiLanguage, detail?: string) {
  const text = detail ? `${message(code, lang)} ${detail}` : message(code, lang);
  return code === 'REJECTED' ? { data: null, code, message: text } : { code, message: text };
}

function defaultErrorCode(status: number): MessageKey {
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'ERROR';
  if (status >= 400) return 'BAD REQUEST';
  return 'OK';
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createApiServer(ctx: Context, pki: Pki): https.Server {
  const server = https.createServer(
    {
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: pki.caCert,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      handle(ctx, req, res).catch((err) => {
        ctx.log(`api internal error: ${(err as Error).name}`);
        send(res, 500, errorBody('ERROR', languageOf(req.headers['accept-language'])));
      });
    },
  );
  return server;
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lang = languageOf(req.headers['accept-language']);
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'https://simulator');
  const path = url.pathname;
  const done = (status: number, body: unknown) => {
    send(res, status, body);
    ctx.log(`api ${req.method} ${redactPath(path)} -> ${status} (${Date.now() - started} ms)`);
  };

  // Belt and braces: the TLS layer already refused unauthorised peers.
  if (!(req.socket as TLSSocket).authorized) return done(401, errorBody('UNAUTHORIZED', lang));

  if (!path.startsWith(`${API_PREFIX}/`)) return done(404, errorBody('NOT_FOUND', lang, 'Unknown path.'));
  let match: ReturnType<typeof matchRoute>;
  try {
    match = matchRoute(req.method ?? 'GET', path.slice(API_PREFIX.length));
  } catch {
    return done(400, errorBody('BAD REQUEST', lang, 'Malformed path.'));
  }
  if (!match) return done(404, errorBody('NOT_FOUND', lang, 'Unknown operation.'));

  const action = ctx.faults.take(match.route.operation);
  if (action.latencyMs > 0) await sleep(action.latencyMs);
  if (action.kind === 'hang') {
    ctx.log(`api ${req.method} ${redactPath(path)} -> hanging (fault)`);
    req.resume();
    return;
  }
  if (action.kind === 'reset') {
    ctx.log(`api ${req.method} ${redactPath(path)} -> connection reset (fault)`);
    req.socket.resetAndDestroy();
    return;
  }
  if (action.kind === 'error') return done(500, errorBody('ERROR', lang));
  if (action.kind === 'respond') {
    if (action.rawBody !== undefined) {
      res.writeHead(action.status, { 'content-type': 'application/json' });
      res.end(action.rawBody);
      ctx.log(`api ${req.method} ${redactPath(path)} -> ${action.status} raw (fault)`);
      return;
    }
    return done(action.status, action.body ?? errorBody(defaultErrorCode(action.status), lang));
  }

  if (req.headers.relyingpartyid !== ctx.relyingPartyId) return done(401, errorBody('UNAUTHORIZED', lang));

  let body: unknown;
  if (match.route.method === 'POST') {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return done(400, errorBody('BAD REQUEST', lang, 'Content-Type must be application/json.'));
    }
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return done(413, errorBody('BAD REQUEST', lang, 'The body is too large.'));
      throw err;
    }
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return done(400, errorBody('BAD REQUEST', lang, 'The body is not valid JSON.'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return done(400, errorBody('BAD REQUEST', lang, 'The body must be a JSON object.'));
    }
  } else {
    req.resume();
  }

  try {
    const out = await match.route.handler(ctx, { params: match.params, body, lang });
    done(out.status, ctx.dialect.loose ? loosen(out.body) : out.body);
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    const { status, code } = ERROR_STATUS[err.kind];
    // guide 1.2 lists 400, 401, 403, 404 and 500 for REJECTED; dialect `rejectedStatus` picks one.
    done(
      err.kind === 'rejected' ? Number(ctx.dialect.rejectedStatus) : status,
      errorBody(code, lang, err.detail),
    );
  }
}

/** Paths carry only ids (no personal data), but keep log lines short. */
function redactPath(path: string): string {
  return path.length > 160 ? `${path.slice(0, 160)}…` : path;
}

// A fake of the relay's client API inside the test server (Koa middleware of @web/test-runner), with
// real HTTP and a real SSE stream. Tests script sessions through /__fake/…; all state is in memory and
// every test uses its own session ids, so test files may run side by side.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';

const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];
const sessions = new Map();

/**
 * Options of POST /__fake/sessions: kind, method, status, reason, language, documents, expiresIn (ms),
 * sse: 'ok' | 'fail' (500) | '429' | 'silent' (headers, then nothing) | 'drop' (ends after each event),
 * startError: {status, code} returned once by /start, slow: ms before the session view is answered.
 * Pushes (POST /__fake/sessions/:id/push) may also set `sse`, `error` (the view's, for `failed`) and
 * `down` (true: every call for the session loses its connection, as when the network or the relay is gone).
 * Open start of a person with the e-mail refused@example.com is refused with 400 invalid_request at `person.id`.
 */
function create(o = {}) {
  const id = o.id || `s_${randomUUID().slice(0, 8)}`;
  const s = {
    id,
    token: `t_${randomUUID()}`,
    kind: o.kind || 'identification',
    method: o.kind === 'signing' ? undefined : o.method || 'web',
    status: 'created',
    reason: o.reason ?? 'Account opening',
    language: o.language || 'bg',
    expiresAt: new Date(Date.now() + (o.expiresIn ?? 15 * 60_000)).toISOString(),
    provider: {},
    redirectUrl: undefined,
    documents: o.documents,
    sse: o.sse || 'ok',
    startError: o.startError,
    slow: o.slow,
    events: [],
    subs: new Set(),
    down: false,
    error: undefined,
    startBody: undefined,
    log: [],
    lastEventIds: [],
    body: undefined,
  };
  sessions.set(id, s);
  record(s, o.status || 'created', o.provider || {});
  if (s.status !== 'created' && s.method !== 'mobile') s.redirectUrl = `/__fake/provider/${id}`;
  return s;
}

function record(s, status, provider) {
  s.status = status;
  s.provider = provider;
  const n = s.events.length + 1;
  const data = { id: s.id, kind: s.kind, status, provider, at: new Date().toISOString() };
  s.events.push({ n, data });
  for (const sub of s.subs) send(s, sub, { n, data });
}

function send(s, sub, ev) {
  sub.write(`id: ${ev.n}\nevent: status\ndata: ${JSON.stringify(ev.data)}\n\n`);
  if (TERMINAL.includes(ev.data.status) || s.sse === 'drop') {
    sub.end();
    s.subs.delete(sub);
  }
}

const view = (s) => ({
  id: s.id,
  kind: s.kind,
  method: s.method,
  status: s.status,
  reason: s.reason,
  language: s.language,
  expiresAt: s.expiresAt,
  provider: s.provider,
  redirectUrl: s.redirectUrl,
  documents: s.documents,
  error: s.error,
});

const problem = (ctx, status, code, detail = code) => {
  ctx.status = status;
  ctx.type = 'application/problem+json';
  ctx.body = JSON.stringify({ type: 'about:blank', title: code, status, detail, code });
};

async function json(ctx) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  return raw ? JSON.parse(raw) : {};
}

export function fakeRelay() {
  return async function fakeRelayMiddleware(ctx, next) {
    const path = ctx.path;
    if (path.startsWith('/__fake/')) return control(ctx, path);
    if (!path.startsWith('/v1/client/')) return next();
    ctx.set('cache-control', 'no-store');

    if (path === '/v1/client/identifications' && ctx.method === 'POST') {
      const body = await json(ctx);
      if (body.person?.email === 'refused@example.com') {
        problem(ctx, 400, 'invalid_request', 'person.id: is not a valid EGN');
        ctx.body = JSON.stringify({
          ...JSON.parse(ctx.body),
          errors: [
            {
              path: 'person.id',
              message: 'is not a valid EGN (10 digits, a real birth date, a matching check digit)',
            },
          ],
        });
        return;
      }
      const s = create({ method: body.method, reason: body.reason, language: body.language });
      s.body = body;
      s.log.push(`POST ${path}`);
      ctx.status = 201;
      ctx.body = {
        id: s.id,
        kind: s.kind,
        method: s.method,
        status: s.status,
        clientToken: s.token,
        expiresAt: s.expiresAt,
      };
      return;
    }
    const m = /^\/v1\/client\/sessions\/([^/]+)(\/start|\/cancel|\/events)?$/.exec(path);
    const s = m && sessions.get(decodeURIComponent(m[1]));
    if (!s) return problem(ctx, 404, 'not_found');
    s.log.push(`${ctx.method} ${path}`);
    if (s.down) {
      ctx.req.socket.destroy();
      ctx.respond = false;
      return;
    }
    const auth = ctx.get('authorization').replace(/^Bearer /, '') || ctx.query.token;
    if (auth !== s.token) return problem(ctx, 401, 'unauthorized');
    const tail = m[2];

    if (!tail && ctx.method === 'GET') {
      if (s.slow) await new Promise((r) => setTimeout(r, s.slow));
      ctx.body = view(s);
      return;
    }
    if (tail === '/start' && ctx.method === 'POST') {
      const body = await json(ctx);
      s.startBody = body;
      if (s.startError) {
        const { status, code } = s.startError;
        s.startError = undefined;
        return problem(ctx, status, code);
      }
      if (body.consent !== true) return problem(ctx, 400, 'consent_required');
      if (s.status !== 'created') return problem(ctx, 409, 'conflict');
      if (s.method !== 'mobile') s.redirectUrl = `/__fake/provider/${s.id}`;
      record(s, 'started', { status: s.method === 'mobile' ? 'ON_BOARDING' : 'START_WEB_SESSION' });
      ctx.body = { status: 'started', redirectUrl: s.redirectUrl };
      return;
    }
    if (tail === '/cancel' && ctx.method === 'POST') {
      if (TERMINAL.includes(s.status)) return problem(ctx, 409, 'session_terminal');
      record(s, 'cancelled', s.provider);
      ctx.body = { status: 'cancelled' };
      return;
    }
    if (tail === '/events' && ctx.method === 'GET') {
      const last = Number(ctx.get('last-event-id') || 0);
      s.lastEventIds.push(last);
      if (s.sse === 'fail') return problem(ctx, 500, 'internal');
      if (s.sse === '429') return problem(ctx, 429, 'rate_limited');
      ctx.req.socket.setTimeout(0);
      ctx.status = 200;
      ctx.set('content-type', 'text/event-stream');
      ctx.set('x-accel-buffering', 'no');
      const out = new PassThrough();
      ctx.body = out;
      // a buffering proxy: not even the headers get through
      if (s.sse === 'silent') return;
      out.write('retry: 1000\n\n');
      const replay = last ? s.events.filter((e) => e.n > last) : s.events.slice(-1);
      s.subs.add(out);
      ctx.req.on('close', () => s.subs.delete(out));
      for (const e of replay) if (s.subs.has(out)) send(s, out, e);
      if (s.subs.has(out)) out.write(': heartbeat\n\n');
      return;
    }
    return problem(ctx, 405, 'invalid_request');
  };
}

async function control(ctx, path) {
  ctx.set('cache-control', 'no-store');
  if (path === '/__fake/sessions' && ctx.method === 'POST') {
    const s = create(await json(ctx));
    ctx.body = { id: s.id, token: s.token };
    return;
  }
  const m = /^\/__fake\/(sessions|provider)\/([^/]+)(\/push)?$/.exec(path);
  const s = m && sessions.get(m[2]);
  if (!s) return problem(ctx, 404, 'not_found');
  if (m[1] === 'provider') {
    ctx.type = 'html';
    ctx.body = '<!doctype html><title>BORICA (fake)</title><p>fake provider page</p>';
    return;
  }
  if (m[3] && ctx.method === 'POST') {
    const { status, provider = {}, sse, error, down } = await json(ctx);
    if (sse) s.sse = sse;
    if (error) s.error = error;
    if (down !== undefined) {
      s.down = down;
      // the connections already open go down too
      if (down) for (const sub of s.subs) sub.destroy();
      if (down) s.subs.clear();
    }
    if (status) record(s, status, provider);
    ctx.body = { ok: true };
    return;
  }
  ctx.body = {
    ...view(s),
    log: s.log,
    lastEventIds: s.lastEventIds,
    body: s.body,
    startBody: s.startBody,
    subscribers: s.subs.size,
  };
}

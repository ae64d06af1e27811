/**
 * Two kinds of callers. The relying party's backend: `Authorization: Bearer <RELAY_API_KEYS entry>`,
 * compared in constant time. The widget: a client token that opens exactly one session; only its
 * sha256 is stored, and any mismatch is a 404 so a token never reveals whether another session exists.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { safeEqual, sha256Hex, tokenRef } from '../../flows/ids.ts';
import type { Store } from '../../store/types.ts';
import type { RelayEnv } from '../env.ts';
import { ProblemError, problems } from '../problem.ts';

function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (!h) return undefined;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(h);
  return m?.[1];
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, 'unauthorized', { detail, headers: { 'www-authenticate': 'Bearer' } });
}

export function apiKeyAuth(keys: readonly string[]): MiddlewareHandler<RelayEnv> {
  return async function apiKeyAuth(c, next) {
    const given = bearer(c);
    if (!given) throw unauthorized('Send Authorization: Bearer <API key>.');
    // Compare against every key, without stopping early, so timing tells nothing about which matched.
    let ok = false;
    for (const key of keys) ok = safeEqual(given, key) || ok;
    if (!ok) throw unauthorized('The API key is not valid.');
    await next();
  };
}

export function clientTokenAuth(
  store: Store,
  opts: { allowQueryToken?: boolean } = {},
): MiddlewareHandler<RelayEnv> {
  return async function clientTokenAuth(c, next) {
    // EventSource cannot set headers, so the events stream alone may take ?token=.
    const token = bearer(c) ?? (opts.allowQueryToken ? c.req.query('token') : undefined);
    if (!token) throw unauthorized('Send Authorization: Bearer <client token>.');
    const id = c.req.param('id') ?? '';
    const hash = sha256Hex(token);
    const owner = await store.findByRef(tokenRef(hash));
    if (!owner || !safeEqual(owner, id)) throw problems.notFound('No such session.');
    const session = await store.get(id);
    if (!session || !safeEqual(session.clientTokenHash, hash)) throw problems.notFound('No such session.');
    c.set('session', session);
    await next();
  };
}

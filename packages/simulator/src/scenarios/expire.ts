import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';

/** Forces expiry of whatever carries this id: any id a caller or a page may hold. */
export function expire(ctx: Context, id: string): void {
  const past = Date.now() - 1;
  let found = false;
  const m = ctx.store.mobile.get(id);
  if (m) {
    m.validUntil = past;
    found = true;
  }
  for (const w of ctx.store.webSessions.values()) {
    const r = w.registration;
    if (w.webSessionId === id || String(w.resultId) === id) {
      w.expiresAt = past;
      if (r) r.expiredOn = past;
      found = true;
    } else if (r && (r.sessionId === id || r.registrationId === id)) {
      r.expiredOn = past;
      found = true;
    }
  }
  const ss = ctx.store.signSessions.get(id);
  if (ss) {
    ss.expiresAt = past;
    found = true;
  }
  for (const s of ctx.store.signings.values()) {
    if (s.token === id || String(s.resultId) === id) {
      s.expiresAt = past;
      found = true;
    }
  }
  if (!found) throw notFound('Nothing with this id.');
}

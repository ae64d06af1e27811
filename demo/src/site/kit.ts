/**
 * What every route of the bank's site needs: the page context (language, URLs), the visitor's cookie,
 * and the bank's reads of the relay's server API.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type Dict, dictionaries, type Lang } from './i18n.ts';
import type { FieldErrors, FlowView, MobileForm } from './pages/identify.ts';
import type { PageCtx } from './pages/layout.ts';
import { type RelayApi, RelayApiError } from './relay-api.ts';
import { type BankState, DISPLAYS, type Display, type TrackedSession } from './state.ts';

export interface SiteDeps {
  api: RelayApi;
  state: BankState;
  /** The relay as browsers reach it (known once it listens). */
  relayUrl: () => string;
  /** The simulator's customer pages. */
  simulatorUrl: () => string;
  /** This site's own origins (127.0.0.1 and localhost): return URLs point here. */
  origins: () => string[];
  webhookSecret: string;
  publicDir: string;
  widgetDir: string;
  log: (line: string) => void;
}

const VISITOR_COOKIE = 'vitosha_visitor';
export const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];
const PERSON_FIELDS: (keyof MobileForm)[] = ['idType', 'id', 'dateOfBirth', 'phone', 'email'];

export type Kit = ReturnType<typeof createKit>;

export function createKit(deps: SiteDeps) {
  const { api, state } = deps;
  const langOf = (c: Context): Lang => {
    const q = c.req.query('lang');
    if (q === 'bg' || q === 'en') {
      setCookie(c, 'lang', q, { path: '/', sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365 });
      return q;
    }
    return getCookie(c, 'lang') === 'en' ? 'en' : 'bg';
  };
  const pageCtx = (c: Context): PageCtx => {
    const lang = langOf(c);
    const url = new URL(c.req.url);
    return {
      t: dictionaries[lang],
      lang,
      relayUrl: deps.relayUrl(),
      simulatorUrl: deps.simulatorUrl(),
      path: url.pathname + url.search,
    };
  };
  /** The visitor's id: a random cookie, as a bank's own web session would be. */
  const visitorId = (c: Context): string => {
    const existing = getCookie(c, VISITOR_COOKIE);
    if (existing && /^[\w-]{20,}$/.test(existing)) return existing;
    const id = state.newVisitorId();
    setCookie(c, VISITOR_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax' });
    return id;
  };
  const knownVisitor = (c: Context): string | undefined => {
    const existing = getCookie(c, VISITOR_COOKIE);
    return existing && /^[\w-]{20,}$/.test(existing) ? existing : undefined;
  };
  /** Return URLs must be on an origin the relay allows: the one the browser used, if it is ours. */
  const originOf = (c: Context): string => {
    const origin = new URL(c.req.url).origin;
    const origins = deps.origins();
    return origins.includes(origin) ? origin : (origins[0] as string);
  };
  /** A refused or failed start, for the customer: one sentence in their language (the code goes to the log). */
  const problemMessages = (e: unknown, t: Dict): string[] => {
    if (!(e instanceof RelayApiError)) throw e;
    deps.log(`relay refused: ${e.problem.code}`);
    return [t.startFailed];
  };
  /** The relay's field problems (`person.<field>` paths) beside the form's fields, in the page's language. */
  const fieldErrors = (e: unknown, t: Dict): FieldErrors => {
    if (!(e instanceof RelayApiError)) throw e;
    deps.log(`relay refused: ${e.problem.code}`);
    const out: FieldErrors = {};
    for (const { path } of e.problem.errors ?? []) {
      const field = PERSON_FIELDS.find((f) => path === `person.${f}`);
      if (field) out[field] ??= t.fieldProblems[field];
      else out.form ??= t.startFailed;
    }
    if (Object.keys(out).length === 0) out.form = t.startFailed;
    return out;
  };
  /** The current status by the server API; a relay that is down must not take the bank's page down. */
  const statusOf = async (tracked: TrackedSession): Promise<string> => {
    try {
      return (await api.getSession(tracked.kind, tracked.id)).status;
    } catch (e) {
      if (e instanceof RelayApiError) return e.problem.status === 404 ? 'gone' : '';
      throw e;
    }
  };
  const flowOf = async (id: string | undefined): Promise<FlowView | undefined> => {
    const tracked = state.session(id);
    if (!tracked) return undefined;
    const status = await statusOf(tracked);
    if (status === 'gone') return undefined;
    return { id: tracked.id, clientToken: tracked.clientToken, status };
  };
  const displayOf = (value: unknown): Display =>
    DISPLAYS.includes(value as Display) ? (value as Display) : 'redirect';

  const streamPdf = async (c: Context, path: string, fileName: string): Promise<Response> => {
    try {
      const res = await api.download(path);
      return new Response(res.body, {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${fileName}"`,
        },
      });
    } catch (e) {
      if (!(e instanceof RelayApiError)) throw e;
      return c.text(
        `${e.problem.code}: ${e.problem.detail ?? e.problem.title ?? ''}`,
        e.problem.status === 409 ? 409 : 502,
      );
    }
  };

  return {
    pageCtx,
    visitorId,
    knownVisitor,
    originOf,
    problemMessages,
    fieldErrors,
    statusOf,
    flowOf,
    displayOf,
    streamPdf,
  };
}

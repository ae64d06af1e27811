/**
 * Vitosha Bank's website: a relying party integrating borica-identify the way the product contract
 * intends. Its backend creates sessions with the relay's server API (the API key never leaves this
 * server), hands each page a client token, and reads the authoritative result itself.
 */
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { buildContract, SIGNATURE_BOX } from './contract.ts';
import { dictionaries, type Lang } from './i18n.ts';
import { backofficeDetail, backofficeList } from './pages/backoffice.ts';
import { contractPage } from './pages/contract.ts';
import { homePage } from './pages/home.ts';
import { type FlowView, type MobileForm, mobilePage, returnPage, webIdentificationPage } from './pages/identify.ts';
import type { PageCtx } from './pages/layout.ts';
import { openStartPage } from './pages/open-start.ts';
import { simulatorPage } from './pages/simulator.ts';
import { type RelayApi, RelayApiError, type SessionView } from './relay-api.ts';
import { securityHeaders } from './security.ts';
import { BankState, DISPLAYS, type Display, type TrackedSession } from './state.ts';
import { serveFile } from './static.ts';
import { readTimeline } from './timeline.ts';
import { verifyWebhook } from './webhooks.ts';

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
const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];

export function createSite(deps: SiteDeps): Hono {
  const { api, state } = deps;
  const app = new Hono();

  app.use(securityHeaders({ relayUrl: deps.relayUrl, simulatorUrl: deps.simulatorUrl }));

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
    return { t: dictionaries[lang], lang, relayUrl: deps.relayUrl(), simulatorUrl: deps.simulatorUrl(), path: url.pathname + url.search };
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
  const problemMessages = (e: unknown): string[] => {
    if (!(e instanceof RelayApiError)) throw e;
    const p = e.problem;
    const lines = (p.errors ?? []).map((x) => `${x.path}: ${x.message}`);
    return lines.length ? lines : [`${p.code}: ${p.detail ?? p.title ?? ''}`];
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

  // ---------------------------------------------------------------- pages

  app.get('/', (c) => c.html(homePage(pageCtx(c))));

  app.get('/open/web', async (c) => {
    const v = state.visitor(visitorId(c));
    const display = displayOf(c.req.query('display'));
    return c.html(webIdentificationPage(pageCtx(c), { display, flow: await flowOf(v.webIdentificationId) }));
  });

  app.post('/open/web', async (c) => {
    const vid = visitorId(c);
    const ctx = pageCtx(c);
    const display = displayOf((await c.req.parseBody()).display);
    try {
      const created = await api.createIdentification({
        method: 'web',
        reason: ctx.lang === 'bg' ? 'Откриване на разплащателна сметка' : 'Opening a current account',
        externalRef: `account-opening-${vid.slice(0, 8)}`,
        language: ctx.lang,
        returnUrl: `${originOf(c)}/return?to=web&display=${display}`,
      });
      state.track({ id: created.id, kind: 'identification', method: 'web', clientToken: created.clientToken, visitor: vid, label: `open account · ${display}`, display });
      state.updateVisitor(vid, { webIdentificationId: created.id, signingId: undefined });
      return c.redirect(`/open/web?display=${display}`, 303);
    } catch (e) {
      return c.html(webIdentificationPage(ctx, { display, errors: problemMessages(e) }), 502);
    }
  });

  app.get('/open/mobile', async (c) => {
    const v = state.visitor(visitorId(c));
    return c.html(mobilePage(pageCtx(c), { flow: await flowOf(v.mobileIdentificationId) }));
  });

  app.post('/open/mobile', async (c) => {
    const vid = visitorId(c);
    const ctx = pageCtx(c);
    const body = await c.req.parseBody();
    const form: MobileForm = {
      idType: String(body.idType ?? ''),
      id: String(body.id ?? '').trim(),
      dateOfBirth: String(body.dateOfBirth ?? ''),
      phone: String(body.phone ?? '').trim(),
      email: String(body.email ?? '').trim(),
    };
    try {
      const created = await api.createIdentification({
        method: 'mobile',
        reason: ctx.lang === 'bg' ? 'Откриване на разплащателна сметка' : 'Opening a current account',
        externalRef: `account-opening-${vid.slice(0, 8)}`,
        language: ctx.lang,
        person: form,
      });
      state.track({ id: created.id, kind: 'identification', method: 'mobile', clientToken: created.clientToken, visitor: vid, label: 'open account · B-Trust MOBILE' });
      state.updateVisitor(vid, { mobileIdentificationId: created.id });
      return c.redirect('/open/mobile', 303);
    } catch (e) {
      const status = e instanceof RelayApiError && e.problem.status < 500 ? 422 : 502;
      return c.html(mobilePage(ctx, { form, errors: problemMessages(e) }), status);
    }
  });

  /** The identification the contract is for: a completed web identification of this visitor. */
  const identificationFor = async (vid: string): Promise<SessionView | undefined> => {
    const tracked = state.session(state.visitor(vid).webIdentificationId);
    if (!tracked) return undefined;
    try {
      const view = await api.getSession('identification', tracked.id);
      return view.status === 'completed' ? view : undefined;
    } catch {
      return undefined;
    }
  };
  const contractFor = (view: SessionView) =>
    buildContract({
      contractNo: `VB-${view.id.replace(/[^a-zA-Z0-9]/g, '').slice(-8).toUpperCase()}`,
      clientIdentificator: view.result?.clientIdentificator,
      date: new Date(view.completedAt ?? view.createdAt ?? Date.now()),
    });

  app.get('/open/contract', async (c) => {
    const vid = visitorId(c);
    const identified = !!(await identificationFor(vid));
    return c.html(contractPage(pageCtx(c), { identified, signing: await flowOf(state.visitor(vid).signingId) }));
  });

  app.get('/open/contract/contract.pdf', async (c) => {
    const view = await identificationFor(visitorId(c));
    if (!view) return c.text('Identify first.', 409);
    return c.body((await contractFor(view)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="contract.pdf"',
    });
  });

  app.post('/open/contract', async (c) => {
    const vid = visitorId(c);
    const ctx = pageCtx(c);
    const view = await identificationFor(vid);
    if (!view) return c.redirect('/open/contract', 303);
    try {
      const pdf = await contractFor(view);
      const created = await api.createSigning({
        identificationId: view.id,
        documents: [
          {
            fileName: 'contract.pdf',
            title: ctx.lang === 'bg' ? 'Договор за разплащателна сметка' : 'Current account contract',
            content: Buffer.from(pdf).toString('base64'),
            visualSignature: SIGNATURE_BOX,
          },
        ],
        returnUrl: `${originOf(c)}/return?to=contract`,
      });
      state.track({ id: created.id, kind: 'signing', clientToken: created.clientToken, visitor: vid, label: 'account contract', identificationId: view.id });
      state.updateVisitor(vid, { signingId: created.id });
      return c.redirect('/open/contract', 303);
    } catch (e) {
      return c.html(contractPage(ctx, { identified: true, errors: problemMessages(e) }), 502);
    }
  });

  app.post('/open/contract/reset', (c) => {
    state.updateVisitor(visitorId(c), { signingId: undefined });
    return c.redirect('/open/contract', 303);
  });

  app.get('/open/contract/signed.pdf', async (c) => {
    const tracked = state.session(state.visitor(visitorId(c)).signingId);
    if (!tracked) return c.text('Nothing signed yet.', 404);
    return streamPdf(c, `/v1/signings/${encodeURIComponent(tracked.id)}/documents/0`, 'contract-signed.pdf');
  });

  /** Where BORICA's page sends the customer back (the relay derives success and cancel URLs from it). */
  app.get('/return', (c) => {
    const ctx = pageCtx(c);
    const to = c.req.query('to') === 'contract' ? '/open/contract' : c.req.query('to') === 'mobile' ? '/open/mobile' : `/open/web?display=${displayOf(c.req.query('display'))}`;
    // Without our cookie this is another device (the QR hand-off): the flow continues on the first one.
    // With it, return.js goes on to the flow page unless this is the popup or the iframe.
    return c.html(returnPage(ctx, knownVisitor(c) ? to : undefined));
  });

  app.post('/reset', async (c) => {
    const next = String((await c.req.parseBody()).next ?? '/');
    const vid = visitorId(c);
    if (next.startsWith('/open/mobile')) state.updateVisitor(vid, { mobileIdentificationId: undefined });
    else state.updateVisitor(vid, { webIdentificationId: undefined, signingId: undefined });
    return c.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/', 303);
  });

  app.get('/open-start', (c) => c.html(openStartPage(pageCtx(c))));
  app.get('/simulator', (c) => c.html(simulatorPage(pageCtx(c))));

  // ---------------------------------------------------------------- page scripts' backend

  /** The authoritative status of one of this visitor's sessions (the widget's events are only a hint). */
  app.get('/api/sessions/:id', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (!tracked || tracked.visitor !== knownVisitor(c)) return c.json({ code: 'not_found' }, 404);
    const view = await api.getSession(tracked.kind, tracked.id);
    return c.json({ id: view.id, kind: view.kind, status: view.status });
  });

  // ---------------------------------------------------------------- back office

  app.get('/backoffice', async (c) => {
    const rows = await Promise.all(state.list().map(async (tracked) => ({ tracked, status: (await statusOf(tracked)) || '?' })));
    return c.html(backofficeList(pageCtx(c), rows));
  });

  app.get('/backoffice/:id{[\\w-]+}', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (!tracked) return c.notFound();
    const view = await api.getSession(tracked.kind, tracked.id);
    const timeline = await readTimeline(deps.relayUrl(), tracked.id, tracked.clientToken, {
      quietMs: TERMINAL.includes(view.status) ? 1000 : 300,
    });
    return c.html(backofficeDetail(pageCtx(c), { view, tracked, timeline }));
  });

  app.get('/backoffice/:id/certificate.pdf', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (!tracked || tracked.kind !== 'identification') return c.notFound();
    return streamPdf(c, `/v1/identifications/${encodeURIComponent(tracked.id)}/certificate`, 'eid-certificate.pdf');
  });

  app.get('/backoffice/:id/documents/:n{\\d+}.pdf', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (!tracked || tracked.kind !== 'signing') return c.notFound();
    return streamPdf(c, `/v1/signings/${encodeURIComponent(tracked.id)}/documents/${c.req.param('n')}`, `signed-${c.req.param('n')}.pdf`);
  });

  async function streamPdf(c: Context, path: string, fileName: string): Promise<Response> {
    try {
      const res = await api.download(path);
      return new Response(res.body, {
        headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${fileName}"` },
      });
    } catch (e) {
      if (!(e instanceof RelayApiError)) throw e;
      return c.text(`${e.problem.code}: ${e.problem.detail ?? e.problem.title ?? ''}`, e.problem.status === 409 ? 409 : 502);
    }
  }

  // ---------------------------------------------------------------- webhooks from the relay

  app.post('/webhooks/borica', async (c) => {
    const body = await c.req.text();
    const headers = {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    };
    if (!verifyWebhook(deps.webhookSecret, headers, body)) return c.text('bad signature', 401);
    const event = JSON.parse(body) as { type: string; data: { id: string; status: string } };
    state.recordWebhook(event.data.id, {
      type: event.type,
      status: event.data.status,
      at: new Date().toISOString(),
      webhookId: headers.id as string,
    });
    deps.log(`webhook ${event.type} ${event.data.id}`);
    return c.body(null, 204);
  });

  // ---------------------------------------------------------------- files

  app.get('/assets/:name', async (c) => (await serveFile(deps.publicDir, c.req.param('name'))) ?? c.notFound());
  // The widget bundle, and any chunk it imports relative to itself.
  app.get('/:name{[\\w.-]+\\.(js|map|css)}', async (c) => {
    const res = await serveFile(deps.widgetDir, c.req.param('name'));
    if (res) return res;
    if (c.req.param('name') === 'borica-identify.js') {
      return c.text('The widget is not built: run `pnpm --filter @borica-identify/widget build`.', 503);
    }
    return c.notFound();
  });

  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    deps.log(`error ${c.req.method} ${new URL(c.req.url).pathname}: ${err instanceof RelayApiError ? err.problem.code : err.name}`);
    return c.text(err instanceof RelayApiError ? 'The relay is unavailable right now. Try again in a moment.' : 'Something went wrong.', 502);
  });

  return app;
}

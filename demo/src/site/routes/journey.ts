/** The customer's journey: open an account by web or B-Trust MOBILE identification, and the return page. */
import type { Context, Hono } from 'hono';
import type { Kit, SiteDeps } from '../kit.ts';
import { homePage } from '../pages/home.ts';
import { type MobileForm, mobilePage, returnPage, webIdentificationPage } from '../pages/identify.ts';
import { openStartPage } from '../pages/open-start.ts';
import { simulatorPage } from '../pages/simulator.ts';
import { RelayApiError } from '../relay-api.ts';
import type { Display } from '../state.ts';

export function journeyRoutes(app: Hono, deps: SiteDeps, kit: Kit) {
  const { api, state } = deps;
  const { pageCtx, visitorId, knownVisitor, originOf, problemMessages, fieldErrors, flowOf, displayOf } = kit;

  app.get('/', (c) => c.html(homePage(pageCtx(c))));

  app.get('/open/web', async (c) => {
    const v = state.visitor(visitorId(c));
    const display = displayOf(c.req.query('display'));
    return c.html(webIdentificationPage(pageCtx(c), { display, flow: await flowOf(v.webIdentificationId) }));
  });

  /** A new web identification for this visitor (the start button, and the widget's "Try again"). */
  const newWebIdentification = async (c: Context, display: Display) => {
    const vid = visitorId(c);
    const { lang } = pageCtx(c);
    const created = await api.createIdentification({
      method: 'web',
      reason: lang === 'bg' ? 'Откриване на разплащателна сметка' : 'Opening a current account',
      externalRef: `account-opening-${vid.slice(0, 8)}`,
      language: lang,
      returnUrl: `${originOf(c)}/return?to=web&display=${display}&lang=${lang}`,
    });
    state.track({
      id: created.id,
      kind: 'identification',
      method: 'web',
      clientToken: created.clientToken,
      visitor: vid,
      label: `open account · ${display}`,
      display,
    });
    state.updateVisitor(vid, { webIdentificationId: created.id, signingId: undefined });
    return created;
  };

  app.post('/open/web', async (c) => {
    const ctx = pageCtx(c);
    const display = displayOf((await c.req.parseBody()).display);
    try {
      await newWebIdentification(c, display);
      return c.redirect(`/open/web?display=${display}`, 303);
    } catch (e) {
      return c.html(webIdentificationPage(ctx, { display, errors: problemMessages(e, ctx.t) }), 502);
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
      state.track({
        id: created.id,
        kind: 'identification',
        method: 'mobile',
        clientToken: created.clientToken,
        visitor: vid,
        label: 'open account · B-Trust MOBILE',
      });
      state.updateVisitor(vid, { mobileIdentificationId: created.id });
      return c.redirect('/open/mobile', 303);
    } catch (e) {
      const status = e instanceof RelayApiError && e.problem.status < 500 ? 422 : 502;
      return c.html(mobilePage(ctx, { form, errors: fieldErrors(e, ctx.t) }), status);
    }
  });

  /** Where BORICA's page sends the customer back (the relay derives success and cancel URLs from it). */
  app.get('/return', (c) => {
    const ctx = pageCtx(c);
    const to =
      c.req.query('to') === 'contract'
        ? '/open/contract'
        : c.req.query('to') === 'mobile'
          ? '/open/mobile'
          : `/open/web?display=${displayOf(c.req.query('display'))}`;
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

  // Each `run` is a new widget instance (its id), so "start over" begins a fresh open-start session.
  app.get('/open-start', (c) =>
    c.html(openStartPage(pageCtx(c), (c.req.query('run') ?? '1').replace(/[^\w-]/g, '').slice(0, 20))),
  );
  app.get('/simulator', (c) => c.html(simulatorPage(pageCtx(c))));

  /** The authoritative status of one of this visitor's sessions (the widget's events are only a hint). */
  app.get('/api/sessions/:id', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (!tracked || tracked.visitor !== knownVisitor(c)) return c.json({ code: 'not_found' }, 404);
    const view = await api.getSession(tracked.kind, tracked.id);
    return c.json({ id: view.id, kind: view.kind, status: view.status });
  });

  return { newWebIdentification };
}

/** The bank's back office: every session it created, as the relay's server API reports it. */
import type { Hono } from 'hono';
import { type Kit, type SiteDeps, TERMINAL } from '../kit.ts';
import { backofficeDetail, backofficeList } from '../pages/backoffice.ts';
import { readTimeline } from '../timeline.ts';

export function backofficeRoutes(app: Hono, deps: SiteDeps, kit: Kit): void {
  const { api, state } = deps;
  const { pageCtx, statusOf, streamPdf } = kit;

  app.get('/backoffice', async (c) => {
    const rows = await Promise.all(
      state.list().map(async (tracked) => ({ tracked, status: (await statusOf(tracked)) || '?' })),
    );
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
    if (tracked?.kind !== 'identification') return c.notFound();
    return streamPdf(
      c,
      `/v1/identifications/${encodeURIComponent(tracked.id)}/certificate`,
      'eid-certificate.pdf',
    );
  });

  app.get('/backoffice/:id/documents/:n{\\d+}.pdf', async (c) => {
    const tracked = state.session(c.req.param('id'));
    if (tracked?.kind !== 'signing') return c.notFound();
    return streamPdf(
      c,
      `/v1/signings/${encodeURIComponent(tracked.id)}/documents/${c.req.param('n')}`,
      `signed-${c.req.param('n')}.pdf`,
    );
  });
}

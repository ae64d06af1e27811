/** Step 2: the contract PDF, its signing with B-Trust OTC, and the signed copy streamed from the relay. */
import type { Context, Hono } from 'hono';
import { buildContract, SIGNATURE_BOX } from '../contract.ts';
import type { Kit, SiteDeps } from '../kit.ts';
import { contractPage } from '../pages/contract.ts';
import type { SessionView } from '../relay-api.ts';

export function contractRoutes(app: Hono, deps: SiteDeps, kit: Kit) {
  const { api, state } = deps;
  const { pageCtx, visitorId, originOf, problemMessages, flowOf, streamPdf } = kit;

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
      contractNo: `VB-${view.id
        .replace(/[^a-zA-Z0-9]/g, '')
        .slice(-8)
        .toUpperCase()}`,
      clientIdentificator: view.result?.clientIdentificator,
      date: new Date(view.completedAt ?? view.createdAt ?? Date.now()),
    });

  app.get('/open/contract', async (c) => {
    const vid = visitorId(c);
    const identified = !!(await identificationFor(vid));
    return c.html(
      contractPage(pageCtx(c), { identified, signing: await flowOf(state.visitor(vid).signingId) }),
    );
  });

  app.get('/open/contract/contract.pdf', async (c) => {
    const view = await identificationFor(visitorId(c));
    if (!view) return c.text('Identify first.', 409);
    return c.body((await contractFor(view)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="contract.pdf"',
    });
  });

  /** A new signing of the contract for this visitor's identification, or undefined when there is none. */
  const newSigning = async (c: Context) => {
    const vid = visitorId(c);
    const view = await identificationFor(vid);
    if (!view) return undefined;
    const pdf = await contractFor(view);
    const created = await api.createSigning({
      identificationId: view.id,
      documents: [
        {
          fileName: 'contract.pdf',
          title: pageCtx(c).t.contractName,
          content: Buffer.from(pdf).toString('base64'),
          visualSignature: SIGNATURE_BOX,
        },
      ],
      returnUrl: `${originOf(c)}/return?to=contract&lang=${pageCtx(c).lang}`,
    });
    state.track({
      id: created.id,
      kind: 'signing',
      clientToken: created.clientToken,
      visitor: vid,
      label: 'account contract',
      identificationId: view.id,
    });
    state.updateVisitor(vid, { signingId: created.id });
    return created;
  };

  app.post('/open/contract', async (c) => {
    const ctx = pageCtx(c);
    try {
      await newSigning(c);
      return c.redirect('/open/contract', 303);
    } catch (e) {
      return c.html(contractPage(ctx, { identified: true, errors: problemMessages(e, ctx.t) }), 502);
    }
  });

  app.get('/open/contract/signed.pdf', async (c) => {
    const tracked = state.session(state.visitor(visitorId(c)).signingId);
    if (!tracked) return c.text('Nothing signed yet.', 404);
    return streamPdf(c, `/v1/signings/${encodeURIComponent(tracked.id)}/documents/0`, 'contract-signed.pdf');
  });

  return { newSigning };
}

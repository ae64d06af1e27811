/** Server API: the relying party's backend, authenticated by API key. */
import { CreateIdentificationRequest, CreateSigningRequest } from '@borica-identify/protocol';
import { Hono } from 'hono';
import type { RelayDeps } from '../../deps.ts';
import type { CreateIdentificationInput, CreateSigningInput } from '../../flows/create.ts';
import type { Flows } from '../../flows/index.ts';
import type { RelayEnv } from '../env.ts';
import { apiKeyAuth } from '../middleware/auth.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { problems } from '../problem.ts';
import { identificationView, signingView } from '../views.ts';

export interface RouteOptions {
  deps: RelayDeps;
  flows: Flows;
  jsonLimit: number;
  signingLimit: number;
  recheckMs: number;
}

function pdf(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.\- ]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}

export function serverRoutes(o: RouteOptions): Hono<RelayEnv> {
  const { deps, flows } = o;
  const { store, config } = deps;
  const app = new Hono<RelayEnv>();
  const auth = apiKeyAuth(config.apiKeys);

  async function load(id: string, kind: 'identification' | 'signing') {
    await flows.refresh(id, o.recheckMs, 1500);
    const s = await store.get(id);
    if (!s || s.kind !== kind) throw problems.notFound(`No ${kind} with this id.`);
    return s;
  }

  app.post(
    '/v1/identifications',
    auth,
    jsonBody(CreateIdentificationRequest, { limit: o.jsonLimit }),
    async (c) => {
      const { session, clientToken } = await flows.createIdentification(
        c.get('body') as CreateIdentificationInput,
      );
      return c.json(
        {
          id: session.id,
          kind: 'identification',
          method: session.method,
          status: session.status,
          clientToken,
          expiresAt: session.expiresAt,
        },
        201,
        { location: `${config.publicUrl}/v1/identifications/${session.id}` },
      );
    },
  );

  app.get('/v1/identifications/:id', auth, async (c) => {
    const s = await load(c.req.param('id'), 'identification');
    return c.json(identificationView(s, config.publicUrl));
  });

  app.get('/v1/identifications/:id/certificate', auth, async (c) => {
    const s = await load(c.req.param('id'), 'identification');
    if (s.status !== 'completed' || !s.result?.hasCertificate) {
      throw problems.conflict(
        `The certificate exists once the identification is completed (now ${s.status}).`,
      );
    }
    const bytes = await store.getBlob(s.id, 'certificate');
    if (!bytes) throw problems.notFound('The certificate is no longer stored.');
    return pdf(bytes, `eid-${s.id}.pdf`);
  });

  app.post('/v1/signings', auth, jsonBody(CreateSigningRequest, { limit: o.signingLimit }), async (c) => {
    const { session, clientToken } = await flows.createSigning(c.get('body') as CreateSigningInput);
    return c.json(
      { id: session.id, kind: 'signing', status: session.status, clientToken, expiresAt: session.expiresAt },
      201,
      { location: `${config.publicUrl}/v1/signings/${session.id}` },
    );
  });

  app.get('/v1/signings/:id', auth, async (c) => {
    const s = await load(c.req.param('id'), 'signing');
    return c.json(signingView(s, config.publicUrl));
  });

  app.get('/v1/signings/:id/documents/:index', auth, async (c) => {
    const s = await load(c.req.param('id'), 'signing');
    const raw = c.req.param('index');
    const index = /^\d{1,3}$/.test(raw) ? Number(raw) : -1;
    const doc = s.documents?.[index];
    if (!doc) throw problems.notFound('No document with this index.');
    if (s.status !== 'completed' || !doc.signed) {
      throw problems.conflict(`The signed document exists once the signing is completed (now ${s.status}).`);
    }
    const bytes = await store.getBlob(s.id, `signed/${index}`);
    if (!bytes) throw problems.notFound('The signed document is no longer stored.');
    return pdf(bytes, doc.fileName);
  });

  return app;
}

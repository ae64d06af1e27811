/** Server API: the relying party's backend, authenticated by API key. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { RelayDeps } from '../../deps.ts';
import type { Flows } from '../../flows/index.ts';
import {
  bodyErrors,
  CreatedSession,
  CreateIdentificationRequest,
  CreateSigningRequest,
  IdentificationView,
  idParam,
  json,
  pdf,
  problem,
  SERVER_API,
  SigningView,
  unauthorized,
} from '../../openapi/schemas.ts';
import type { RelayEnv } from '../env.ts';
import { apiKeyAuth } from '../middleware/auth.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { problems } from '../problem.ts';
import { router } from '../router.ts';
import type { SigningBody } from '../uploads/signing-body.ts';
import { identificationView, signingView } from '../views.ts';

export interface RouteOptions {
  deps: RelayDeps;
  flows: Flows;
  jsonLimit: number;
  /** `POST /v1/signings` bodies: bounded, decoded off the event loop (http/uploads). */
  signingUploads: SigningBody;
  recheckMs: number;
}

function pdfResponse(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.\- ]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}

const server = { tags: ['server'], security: SERVER_API };
const created = (what: string) => ({
  ...json(CreatedSession, `Created; \`Location\` is its URL`),
  headers: z.object({ location: z.string().openapi({ description: `URL of the new ${what}` }) }),
});
const notFound = (what: string) => ({ 404: problem(`No such ${what} (\`code\`: not_found)`) });

export function serverRoutes(o: RouteOptions): OpenAPIHono<RelayEnv> {
  const { deps, flows } = o;
  const { store, config } = deps;
  const app = router();
  const auth = apiKeyAuth(config.apiKeys);

  async function load(id: string, kind: 'identification' | 'signing') {
    await flows.refresh(id, o.recheckMs, 1500);
    const s = await store.get(id);
    if (!s || s.kind !== kind) throw problems.notFound(`No ${kind} with this id.`);
    return s;
  }

  const createIdentification = createRoute({
    ...server,
    method: 'post',
    path: '/v1/identifications',
    operationId: 'createIdentification',
    summary: 'Create an identification (web or B-Trust MOBILE)',
    middleware: [auth, jsonBody({ limit: o.jsonLimit })] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: CreateIdentificationRequest } } },
    },
    responses: { 201: created('identification'), ...bodyErrors('1 MiB'), ...unauthorized },
  });
  app.openapi(createIdentification, async (c) => {
    const { session, clientToken } = await flows.createIdentification(c.req.valid('json'));
    return c.json(
      {
        id: session.id,
        kind: 'identification' as const,
        method: session.method,
        status: session.status,
        clientToken,
        expiresAt: session.expiresAt,
      },
      201,
      { location: `${config.publicUrl}/v1/identifications/${session.id}` },
    );
  });

  const getIdentification = createRoute({
    ...server,
    method: 'get',
    path: '/v1/identifications/{id}',
    operationId: 'getIdentification',
    middleware: [auth] as const,
    request: { params: idParam('identification id (idn_…)') },
    responses: {
      200: json(IdentificationView, 'The identification'),
      ...notFound('identification'),
      ...unauthorized,
    },
  });
  app.openapi(getIdentification, async (c) => {
    const s = await load(c.req.valid('param').id, 'identification');
    return c.json(identificationView(s, config.publicUrl), 200);
  });

  const getCertificate = createRoute({
    ...server,
    method: 'get',
    path: '/v1/identifications/{id}/certificate',
    operationId: 'getIdentificationCertificate',
    summary: 'The eID certificate PDF',
    middleware: [auth] as const,
    request: { params: idParam('identification id') },
    responses: {
      200: pdf('The certificate BORICA issued'),
      409: problem('Not completed yet (`code`: conflict)'),
      ...notFound('identification'),
      ...unauthorized,
    },
  });
  app.openapi(getCertificate, async (c) => {
    const s = await load(c.req.valid('param').id, 'identification');
    if (s.status !== 'completed' || !s.result?.hasCertificate) {
      throw problems.conflict(
        `The certificate exists once the identification is completed (now ${s.status}).`,
      );
    }
    const bytes = await store.getBlob(s.id, 'certificate');
    if (!bytes) throw problems.notFound('The certificate is no longer stored.');
    return pdfResponse(bytes, `eid-${s.id}.pdf`);
  });

  const createSigning = createRoute({
    ...server,
    method: 'post',
    path: '/v1/signings',
    operationId: 'createSigning',
    summary: 'Sign PDFs with the sign session of a completed web identification',
    middleware: [auth, o.signingUploads.middleware] as const,
    request: { body: { required: true, content: { 'application/json': { schema: CreateSigningRequest } } } },
    responses: {
      201: created('signing'),
      409: problem('The identification has no usable sign session (`code`: identification_not_ready)'),
      ...notFound('identification'),
      ...bodyErrors('30 MiB'),
      ...unauthorized,
    },
  });
  app.openapi(createSigning, async (c) => {
    const { session, clientToken } = await flows.createSigning(c.req.valid('json'), c.get('signingContents'));
    return c.json(
      {
        id: session.id,
        kind: 'signing' as const,
        status: session.status,
        clientToken,
        expiresAt: session.expiresAt,
      },
      201,
      { location: `${config.publicUrl}/v1/signings/${session.id}` },
    );
  });

  const getSigning = createRoute({
    ...server,
    method: 'get',
    path: '/v1/signings/{id}',
    operationId: 'getSigning',
    middleware: [auth] as const,
    request: { params: idParam('signing id (sig_…)') },
    responses: { 200: json(SigningView, 'The signing'), ...notFound('signing'), ...unauthorized },
  });
  app.openapi(getSigning, async (c) => {
    const s = await load(c.req.valid('param').id, 'signing');
    return c.json(signingView(s, config.publicUrl), 200);
  });

  const getSignedDocument = createRoute({
    ...server,
    method: 'get',
    path: '/v1/signings/{id}/documents/{index}',
    operationId: 'getSignedDocument',
    middleware: [auth] as const,
    request: {
      params: idParam('signing id').extend({
        // A string here: a bad index is a 404 like any unknown document, not a 400.
        index: z.string().openapi({ description: 'zero-based position in `documents`', example: '0' }),
      }),
    },
    responses: {
      200: pdf('The signed PDF'),
      409: problem('Not signed yet (`code`: conflict)'),
      ...notFound('signing or document'),
      ...unauthorized,
    },
  });
  app.openapi(getSignedDocument, async (c) => {
    const { id, index: raw } = c.req.valid('param');
    const s = await load(id, 'signing');
    const index = /^\d{1,3}$/.test(raw) ? Number(raw) : -1;
    const doc = s.documents?.[index];
    if (!doc) throw problems.notFound('No document with this index.');
    if (s.status !== 'completed' || !doc.signed) {
      throw problems.conflict(`The signed document exists once the signing is completed (now ${s.status}).`);
    }
    const bytes = await store.getBlob(s.id, `signed/${index}`);
    if (!bytes) throw problems.notFound('The signed document is no longer stored.');
    return pdfResponse(bytes, doc.fileName);
  });

  return app;
}

import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../src/openapi/index.ts';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security?: Record<string, string[]>[]; requestBody?: unknown }>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, { properties?: Record<string, unknown> }>;
  };
};

describe('OpenAPI document', () => {
  const doc = buildOpenApi({ publicUrl: 'https://rp.example/borica' }) as unknown as Doc;

  it('is OpenAPI 3.1 with every contract route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /v1/identifications',
        'GET /v1/identifications/{id}',
        'GET /v1/identifications/{id}/certificate',
        'POST /v1/signings',
        'GET /v1/signings/{id}',
        'GET /v1/signings/{id}/documents/{index}',
        'GET /v1/client/sessions/{id}',
        'POST /v1/client/sessions/{id}/start',
        'POST /v1/client/sessions/{id}/cancel',
        'GET /v1/client/sessions/{id}/events',
        'POST /v1/client/identifications',
        'POST /v1/borica/callbacks/{secret}',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /openapi.json',
      ].sort(),
    );
  });

  it('declares both security schemes and uses them per API', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.clientToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/identifications']!.post!.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/v1/client/sessions/{id}/events']!.get!.security).toContainEqual({ clientToken: [] });
  });

  it('takes its schemas from the protocol package, every $ref resolving', () => {
    const create = doc.components.schemas.CreateIdentificationRequest!;
    expect(Object.keys(create.properties ?? {})).toEqual(
      expect.arrayContaining(['method', 'reason', 'externalRef', 'language', 'returnUrl', 'web', 'person']),
    );
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(doc.components.schemas[name!], name).toBeDefined();
    }
  });
});

/**
 * /openapi.json is generated from the route definitions: every served route is in it and every
 * documented route is served, and the document is valid OpenAPI 3.1.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, type RelayConfig } from '../../src/config/index.ts';
import { createRelay, type Relay } from '../../src/http/app.ts';
import { createLogger } from '../../src/log/index.ts';
import { createMetrics } from '../../src/metrics/index.ts';
import type { SigningApiClient } from '../../src/provider/index.ts';
import { createSseRegistry } from '../../src/sse/index.ts';
import { createStore } from '../../src/store/index.ts';

type Operation = { security?: Record<string, string[]>[]; parameters?: { name: string; in: string }[] };
type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, unknown>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, { properties?: Record<string, unknown> }>;
  };
};

const PUBLIC_URL = 'https://rp.example/borica';

async function relay(): Promise<Relay> {
  const config: RelayConfig = {
    ...structuredClone(CONFIG_DEFAULTS),
    apiUrl: 'https://idp.example/signing-api/v2',
    identifyUrl: 'https://idp.example',
    relyingPartyId: '1',
    tls: { pfx: Buffer.alloc(0) },
    publicUrl: PUBLIC_URL,
    apiKeys: ['k'.repeat(16)],
  };
  const store = await createStore('memory:');
  return createRelay({
    config,
    store,
    // Never called: the document is built without talking to BORICA.
    provider: {} as SigningApiClient,
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    sse: createSseRegistry(),
  });
}

/** `METHOD /path/{param}` of every route the app serves (middleware registrations are `ALL`). */
function served(app: Relay['app']): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

function documented(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

async function documentOf(r: Relay): Promise<Doc> {
  const res = await r.app.request('/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe('OpenAPI document', () => {
  let r: Relay;
  let doc: Doc;
  beforeAll(async () => {
    r = await relay();
    doc = await documentOf(r);
  });

  it('describes exactly the routes the app serves, both ways', () => {
    expect(served(r.app).length).toBeGreaterThanOrEqual(17);
    expect(documented(doc)).toEqual(served(r.app));
    expect(documented(doc)).toContain('GET /v1/client/return');
  });

  it('notices a route served without a definition', async () => {
    const other = await relay();
    other.app.get('/v1/undocumented', (c) => c.text('x'));
    const otherDoc = await documentOf(other);
    expect(served(other.app)).toContain('GET /v1/undocumented');
    expect(documented(otherDoc)).not.toContain('GET /v1/undocumented');
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const broken = { ...doc, paths: { ...doc.paths, '/x': { get: { responses: 'none' } } } };
    expect((await validator.validate(broken as Record<string, unknown>)).valid).toBe(false);
  }, 60_000); // compiling the 3.1 meta-schema takes seconds on a loaded machine

  it('names the relay as its server (RELAY_PUBLIC_URL)', () => {
    expect(doc.servers).toEqual([{ url: PUBLIC_URL }]);
  });

  it('declares the security schemes and uses them per API', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.clientToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/identifications']!.post!.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/v1/client/sessions/{id}/events']!.get!.security).toContainEqual({
      clientTokenQuery: [],
    });
    expect(doc.paths['/v1/client/identifications']!.post!.security).toBeUndefined();
  });

  it('takes its schemas from the protocol package, every $ref resolving', () => {
    const create = doc.components.schemas.CreateIdentificationRequest!;
    expect(Object.keys(create.properties ?? {})).toEqual(
      expect.arrayContaining(['method', 'reason', 'externalRef', 'language', 'returnUrl', 'web', 'person']),
    );
    expect(doc.components.schemas.StatusEvent).toBeDefined();
    expect(doc.webhooks.sessionEnded).toBeDefined();
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(doc.components.schemas[name!], name).toBeDefined();
    }
  });
});

/**
 * fast-check arbitraries of requests the relay must refuse: each route with exactly one defect that
 * makes it invalid (authorization, path parameter, body, content type, method, Origin), plus noise in
 * the headers that do not decide validity (Last-Event-ID, Origin, X-Request-Id, Accept). A case
 * never describes a valid request, so every answer must be a 4xx problem and no store write.
 */
import fc from 'fast-check';
import { type Fixture, FUZZ_ORIGIN, JSON_LIMIT, SIGNING_LIMIT } from './harness.ts';

export interface FuzzRequest {
  /** What the case tries, for the failure message. */
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

type Ids = Pick<Fixture, 'created' | 'completed' | 'signing'> & { apiKey: string };

// ------------------------------------------------------------------ building blocks

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c));
/** What a Headers value may hold (no control characters, nothing past U+00FF). */
const headerValue = fc.oneof(
  fc.string({ unit: printable, maxLength: 40 }),
  fc.string({ unit: fc.oneof(printable, latin1), maxLength: 200 }),
  fc.constantFrom('', ' ', '0', '-1', '1e3', '99999999999999999999', 'null', 'undefined', '%00', '../..'),
);

/** Path segments: anything at all, percent-encoded as a client would send it. */
const segment = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '..',
      '.',
      '%',
      '%2F',
      'idn_',
      'sig_',
      'idn_00000000000000000000',
      ' ',
      '\u0000',
      'a'.repeat(600),
    ),
  )
  .map((s) => (s.length ? encodeURIComponent(s) : '%20'));

/** Headers that never decide validity on their own. */
const noise = fc.record(
  {
    'last-event-id': headerValue,
    origin: fc.oneof(headerValue, fc.constantFrom(FUZZ_ORIGIN, 'https://evil.example', 'null')),
    'x-request-id': headerValue,
    accept: fc.constantFrom('*/*', 'text/event-stream', 'application/json', 'text/html', ''),
  },
  { requiredKeys: [] },
);

/** An Authorization value that opens nothing. */
const badAuthorization = fc.oneof(
  headerValue,
  headerValue.map((v) => `Bearer ${v}`),
  headerValue.map((v) => `Basic ${v}`),
  fc.constantFrom('Bearer', 'Bearer ', 'bearer', 'Bearer  x y', 'Token abc', `Bearer ${'x'.repeat(3000)}`),
);

/** Nothing, or a value that opens nothing. */
const missingOrBadAuth = fc.option(badAuthorization, { nil: undefined });

/** A JSON text that is not a JSON document. */
const malformedJson = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom('{', '{"a":', '[1,', '{"consent":true', "{'consent': true}", 'undefined', 'NaN', '\u0000'),
);

/** A non-JSON media type (with a body): 415. */
const nonJsonType = fc.constantFrom(
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  'application/xml',
  'json',
  '*/*',
);

/** Values that are never a valid string-field, enum or boolean value of our schemas. */
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const nonObject = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
);

/**
 * A valid body made invalid by one mutation: a required field removed, a field given a value of the
 * wrong type, an unknown field added (the schemas are strict), or no object at all.
 */
function corrupt(
  valid: Record<string, unknown>,
  required: string[],
  fields: Record<string, fc.Arbitrary<unknown>>,
) {
  const known = new Set(Object.keys(fields));
  return fc.oneof(
    fc.constantFrom(...required).map((k) => {
      const { [k]: _, ...rest } = valid;
      return rest as unknown;
    }),
    fc
      .constantFrom(...Object.keys(fields))
      .chain((k) => fields[k]!.map((v) => ({ ...valid, [k]: v }) as unknown)),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k) && k !== '__proto__'),
        fc.jsonValue(),
      )
      .map(([k, v]) => ({ ...valid, [k]: v }) as unknown),
    nonObject,
  );
}

const wrongEnum = (allowed: string[]) =>
  fc.oneof(
    notAString,
    fc.string({ maxLength: 10 }).filter((s) => !allowed.includes(s)),
  );

function jsonBodyDefect(
  base: FuzzRequest,
  body: fc.Arbitrary<unknown>,
  limit: number,
): fc.Arbitrary<FuzzRequest> {
  const json = { ...base.headers, 'content-type': 'application/json' };
  return fc.oneof(
    body.map((b) => ({
      ...base,
      label: `${base.label}, invalid body`,
      headers: json,
      body: JSON.stringify(b),
    })),
    malformedJson.map((b) => ({ ...base, label: `${base.label}, malformed JSON`, headers: json, body: b })),
    fc.tuple(nonJsonType, body).map(([type, b]) => ({
      ...base,
      label: `${base.label}, content-type ${type}`,
      headers: { ...base.headers, 'content-type': type },
      body: JSON.stringify(b) || '{}',
    })),
    fc.constant({
      ...base,
      label: `${base.label}, body over the limit`,
      headers: json,
      body: JSON.stringify({ reason: 'x'.repeat(limit + 10) }),
    }),
  );
}

// ------------------------------------------------------------------ routes

const IDENTIFICATION_FIELDS = {
  method: wrongEnum(['web', 'mobile']),
  reason: notAString,
  externalRef: notAString,
  language: wrongEnum(['bg', 'en']),
  returnUrl: fc.oneof(
    notAString,
    fc.constantFrom('https://evil.example/back', 'javascript:alert(1)', 'not a url'),
  ),
  web: fc.oneof(
    nonObject.filter((v) => v !== null),
    fc.constant({ verifyEmail: 'yes' }),
  ),
  person: fc.oneof(nonObject, fc.constant({ idType: 'EGN', id: '1234567890' })),
};

function signingBody(ids: Ids) {
  const pdf = Buffer.from('%PDF-1.4\n%fuzz\n').toString('base64');
  const valid = {
    identificationId: ids.completed.id,
    documents: [{ fileName: 'a.pdf', title: 'A', content: pdf }],
  };
  return fc.oneof(
    corrupt(valid, ['identificationId', 'documents'], {
      identificationId: notAString,
      documents: fc.oneof(nonObject, fc.constant([])),
      emailSignedDocuments: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      returnUrl: fc.constantFrom('https://evil.example/', 42, 'ftp://x'),
    }),
    // One document made invalid: bad base64, not a PDF, bad file name, a wrong-typed field.
    fc
      .oneof(
        fc.constantFrom('!!!!', 'AAA', '====', 'A===', '%PDF', ' '),
        fc
          .uint8Array({ minLength: 1, maxLength: 64 })
          .map((b) => Buffer.from([0x00, ...b]).toString('base64')),
      )
      .map((content) => ({ ...valid, documents: [{ ...valid.documents[0], content }] })),
    fc
      .constantFrom('', '../etc/passwd', 'a/b.pdf', 'a\\b.pdf', 'x'.repeat(201))
      .map((fileName) => ({ ...valid, documents: [{ ...valid.documents[0], fileName }] })),
    fc.constantFrom('visualSignature', 'archive', 'title', 'extra').chain((k) =>
      // `archive` is a boolean: a generated boolean would be valid there
      (k === 'archive' ? notAString.filter((v) => typeof v !== 'boolean') : notAString).map((v) => ({
        ...valid,
        documents: [{ ...valid.documents[0], [k]: v }],
      })),
    ),
    // Valid in shape, but the identification cannot sign: not found, not completed, a signing's id.
    fc
      .constantFrom(ids.created.id, ids.signing.id, 'idn_nope')
      .map((identificationId) => ({ ...valid, identificationId })),
  );
}

/** Server API: bad API key; or a good one with a bad id, index or body. */
export function serverCases(ids: Ids): fc.Arbitrary<FuzzRequest> {
  const auth = { authorization: `Bearer ${ids.apiKey}` };
  const routes = [
    { method: 'POST', path: () => fc.constant('/v1/identifications') },
    { method: 'GET', path: () => segment.map((id) => `/v1/identifications/${id}`) },
    { method: 'GET', path: () => segment.map((id) => `/v1/identifications/${id}/certificate`) },
    { method: 'POST', path: () => fc.constant('/v1/signings') },
    { method: 'GET', path: () => segment.map((id) => `/v1/signings/${id}`) },
    {
      method: 'GET',
      path: () => fc.tuple(segment, segment).map(([id, i]) => `/v1/signings/${id}/documents/${i}`),
    },
  ];
  const badKey = fc.tuple(fc.constantFrom(...routes), noise, missingOrBadAuth).chain(([r, n, a]) =>
    r.path().map(
      (path): FuzzRequest => ({
        label: `${r.method} ${path} without a valid API key`,
        method: r.method,
        path,
        headers: { ...n, ...(a !== undefined && { authorization: a }) },
        ...(r.method === 'POST' && { body: '{}' }),
      }),
    ),
  );
  // A client token is not an API key; nor is an API key with one character changed.
  const otherKeys = fc
    .tuple(
      fc.constantFrom(...routes.filter((r) => r.method === 'GET')),
      fc.constantFrom(ids.completed.clientToken, `${ids.apiKey.slice(0, -1)}x`, ids.apiKey.toUpperCase()),
    )
    .map(([r, key]) => ({
      label: `GET ${r.method} with a key that is not one`,
      method: 'GET',
      path: `/v1/identifications/${ids.completed.id}`,
      headers: { authorization: `Bearer ${key}` },
    }));
  const badPath = fc
    .tuple(fc.constantFrom(...routes.filter((r) => r.method === 'GET')), noise)
    .chain(([r, n]) =>
      r.path().map((path) => ({ label: `GET ${path}`, method: 'GET', path, headers: { ...n, ...auth } })),
    );
  // Existing sessions where the route does not fit them (wrong kind, not completed, no such index).
  const wrongSession = fc
    .constantFrom(
      `/v1/identifications/${ids.signing.id}`,
      `/v1/identifications/${ids.created.id}/certificate`,
      `/v1/identifications/${ids.signing.id}/certificate`,
      `/v1/signings/${ids.completed.id}`,
      `/v1/signings/${ids.signing.id}/documents/0`,
      `/v1/signings/${ids.signing.id}/documents/1`,
      `/v1/signings/${ids.signing.id}/documents/-1`,
      `/v1/signings/${ids.signing.id}/documents/0x0`,
      `/v1/signings/${ids.completed.id}/documents/0`,
    )
    .map((path) => ({ label: `GET ${path}`, method: 'GET', path, headers: auth }));
  const identificationBody = jsonBodyDefect(
    { label: 'POST /v1/identifications', method: 'POST', path: '/v1/identifications', headers: auth },
    corrupt({ method: 'web', reason: 'Fuzz' }, ['method', 'reason'], IDENTIFICATION_FIELDS),
    JSON_LIMIT,
  );
  const signing = jsonBodyDefect(
    { label: 'POST /v1/signings', method: 'POST', path: '/v1/signings', headers: auth },
    signingBody(ids),
    SIGNING_LIMIT,
  );
  return fc.oneof(badKey, otherKeys, badPath, wrongSession, identificationBody, signing);
}

/** Client API: no token, a bad one, another session's; or a good one with a bad start body. */
export function clientCases(ids: Ids): fc.Arbitrary<FuzzRequest> {
  const sessions = [ids.created, ids.completed, ids.signing];
  const subroutes = [
    { method: 'GET', tail: '' },
    { method: 'POST', tail: '/start' },
    { method: 'POST', tail: '/cancel' },
    { method: 'GET', tail: '/events' },
  ];
  const withoutToken = fc
    .tuple(
      fc.constantFrom(...subroutes),
      fc.oneof(fc.constantFrom(...sessions.map((s) => s.id)), segment),
      noise,
      missingOrBadAuth,
      fc.boolean(),
    )
    .map(([r, id, n, a, query]) => {
      // The events stream also takes ?token= (EventSource); a bad one there must fail the same way.
      const q = r.tail === '/events' && query && a !== undefined ? `?token=${encodeURIComponent(a)}` : '';
      return {
        label: `${r.method} client${r.tail} without a valid token`,
        method: r.method,
        path: `/v1/client/sessions/${id}${r.tail}${q}`,
        headers: { ...n, ...(a !== undefined && !q && { authorization: a }) },
        ...(r.method === 'POST' && { body: '{"consent":true}' }),
      };
    });
  // A token opens its own session only.
  const crossed = fc
    .tuple(
      fc.constantFrom(...subroutes),
      fc.constantFrom(...sessions),
      fc.constantFrom(...sessions),
      noise,
      fc.boolean(),
    )
    .filter(([, a, b]) => a.id !== b.id)
    .map(([r, owner, other, n, query]) => ({
      label: `${r.method} client${r.tail} of another session's token`,
      method: r.method,
      path: `/v1/client/sessions/${other.id}${r.tail}${query && r.tail === '/events' ? `?token=${owner.clientToken}` : ''}`,
      headers: {
        ...n,
        ...(!(query && r.tail === '/events') && { authorization: `Bearer ${owner.clientToken}` }),
      },
      ...(r.method === 'POST' && { body: '{"consent":true}' }),
    }));
  // The start of the created session (its own token) with a body that is not `{consent: true}`.
  const start = jsonBodyDefect(
    {
      label: 'POST client/start',
      method: 'POST',
      path: `/v1/client/sessions/${ids.created.id}/start`,
      headers: { authorization: `Bearer ${ids.created.clientToken}` },
    },
    corrupt({ consent: true }, ['consent'], {
      // notAString can generate `true`, the one valid value
      consent: fc.oneof(
        fc.constant(false),
        notAString.filter((v) => v !== true),
        fc.constant('true'),
      ),
    }),
    JSON_LIMIT,
  );
  // Ended sessions cannot be started or cancelled (409), whatever else the request says.
  const ended = fc.tuple(fc.constantFrom('/start', '/cancel'), noise).map(([tail, n]) => ({
    label: `POST ${tail} of a completed session`,
    method: 'POST',
    path: `/v1/client/sessions/${ids.completed.id}${tail}`,
    headers: {
      ...n,
      authorization: `Bearer ${ids.completed.clientToken}`,
      'content-type': 'application/json',
    },
    body: '{"consent":true}',
  }));
  // Open start: only from an allowed Origin, and only with a valid body.
  const openStartOrigin = fc
    .tuple(
      fc.option(
        fc.oneof(
          headerValue,
          fc.constantFrom(
            'https://evil.example',
            'https://bank.example.evil.com',
            'http://bank.example',
            'null',
          ),
        ),
        { nil: undefined },
      ),
      noise,
    )
    .filter(([o]) => o === undefined || o.trim().toLowerCase().replace(/\/$/, '') !== FUZZ_ORIGIN)
    .map(([origin, n]) => {
      const { origin: _, ...rest } = n;
      return {
        label: `open start from Origin ${origin}`,
        method: 'POST',
        path: '/v1/client/identifications',
        headers: { ...rest, 'content-type': 'application/json', ...(origin !== undefined && { origin }) },
        body: JSON.stringify({ method: 'web', reason: 'Fuzz' }),
      };
    });
  const openStartBody = jsonBodyDefect(
    {
      label: 'open start',
      method: 'POST',
      path: '/v1/client/identifications',
      headers: { origin: FUZZ_ORIGIN },
    },
    fc.oneof(
      corrupt({ method: 'web', reason: 'Fuzz' }, ['method', 'reason'], IDENTIFICATION_FIELDS),
      // The server API's own fields are not for open start.
      fc.constantFrom(
        { method: 'web', reason: 'Fuzz', externalRef: 'x' },
        { method: 'web', reason: 'Fuzz', web: {} },
      ),
    ),
    JSON_LIMIT,
  );
  return fc.oneof(withoutToken, crossed, start, ended, openStartOrigin, openStartBody);
}

/** Callbacks with a secret that is not one, wrong methods anywhere, and paths that do not exist. */
export function otherCases(ids: Ids): fc.Arbitrary<FuzzRequest> {
  const callback = fc
    .tuple(
      fc.oneof(segment, fc.stringMatching(/^[A-Za-z0-9_-]{20,100}$/)),
      fc.option(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
        ),
      ),
      fc.option(fc.oneof(nonJsonType, fc.constant('application/json'))),
      noise,
    )
    .map(([secret, body, type, n]) => ({
      label: `callback to secret ${secret}`,
      method: 'POST',
      path: `/v1/borica/callbacks/${secret}`,
      headers: { ...n, ...(type && { 'content-type': type }) },
      ...(body !== null && { body }),
    }));
  const paths = [
    '/v1/identifications',
    `/v1/identifications/${ids.completed.id}`,
    '/v1/signings',
    `/v1/client/sessions/${ids.created.id}`,
    `/v1/client/sessions/${ids.created.id}/start`,
    `/v1/client/sessions/${ids.created.id}/events`,
    '/v1/client/identifications',
    '/v1/borica/callbacks/abcdefghijklmnopqrstuvwxyz',
    '/healthz',
    '/metrics',
  ];
  const wrongMethod = fc
    .tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH'), fc.constantFrom(...paths), noise)
    .map(([method, path, n]) => ({
      label: `${method} ${path}`,
      method,
      path,
      headers: { ...n, authorization: `Bearer ${ids.apiKey}`, 'content-type': 'application/json' },
      body: '{}',
    }));
  const unknownPath = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom('GET', 'POST'), noise)
    .filter(([segs]) => !['healthz', 'readyz', 'metrics', 'openapi.json', 'v1'].includes(segs[0]!))
    .map(([segs, method, n]) => ({
      label: `${method} /${segs.join('/')}`,
      method,
      path: `/${segs.join('/')}`,
      headers: n,
    }));
  return fc.oneof(callback, wrongMethod, unknownPath);
}

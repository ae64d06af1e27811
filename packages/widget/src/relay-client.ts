/**
 * A failed call to the relay, with the problem+json `code` (or `network`) and the dotted paths of the
 * fields it refused (`person.id`). The message is the relay's, in English, for developers: customers
 * see the translation of `code`.
 */
export class RelayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
  /** Worth retrying: the network, the relay's 5xx, or a rate limit. */
  get recoverable(): boolean {
    return this.status === 0 || this.status > 499 || this.status === 429 || this.status === 408;
  }
}

/** The client API's address of one session, e.g. `sessionPath(id, '/start')`. */
export const sessionPath = (id: string, tail = ''): string =>
  `/v1/client/sessions/${encodeURIComponent(id)}${tail}`;

/** `{relay}{path}`, whether or not the `relay` attribute ends with a slash. */
export const endpoint = (relay: string, path: string): string => relay.replace(/\/+$/, '') + path;

/** The relay's problem+json answer as an error: its `code`, or `provider_unavailable` for a bare 5xx. */
export const problem = async (res: Response): Promise<RelayError> => {
  const p = await res.json().catch(() => ({}));
  const code = p.code || (res.status > 499 ? 'provider_unavailable' : `http_${res.status}`);
  const fields = (Array.isArray(p.errors) ? p.errors : []).map((e: { path?: string }) => `${e.path}`);
  return new RelayError(code, p.detail || p.title || res.statusText, res.status, fields);
};

/** JSON call to the relay's client API; POST when there is a body. */
export async function call<T>(
  base: string,
  path: string,
  token?: string,
  body?: object,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(endpoint(base, path), {
      method: body ? 'POST' : 'GET',
      headers,
      body: body && JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new RelayError('network', 'network error');
  }
  if (!res.ok) throw await problem(res);
  return res.json().catch(() => ({}));
}

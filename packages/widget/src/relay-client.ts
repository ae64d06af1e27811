/** A failed call to the relay, with the problem+json `code` (or `network`). */
export class RelayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
  /** Worth retrying: the network, the relay's 5xx, or a rate limit. */
  get recoverable(): boolean {
    return this.status === 0 || this.status > 499 || this.status === 429 || this.status === 408;
  }
}

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
    res = await fetch(base.replace(/\/+$/, '') + path, {
      method: body ? 'POST' : 'GET',
      headers,
      body: body && JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new RelayError('network', 'network error');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code = data.code || (res.status > 499 ? 'provider_unavailable' : 'http_' + res.status);
    throw new RelayError(code, data.detail || data.title || res.statusText, res.status);
  }
  return data as T;
}

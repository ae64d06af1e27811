/**
 * The bank's client for the relay's server API: what any integrator writes in a few lines. The API key
 * lives here, on the server, and never reaches a page.
 */

export interface CreatedSession {
  id: string;
  kind: 'identification' | 'signing';
  method?: 'web' | 'mobile';
  status: string;
  clientToken: string;
  expiresAt: string;
}

export interface ProviderInfo {
  status?: string;
  step?: string;
  registrationStatus?: string;
  reviewStatus?: string;
  processState?: string;
}

export interface SessionView {
  id: string;
  kind: 'identification' | 'signing';
  method?: 'web' | 'mobile';
  status: string;
  reason?: string;
  externalRef?: string;
  language?: string;
  provider?: ProviderInfo;
  createdAt?: string;
  updatedAt?: string;
  expiresAt?: string;
  completedAt?: string;
  identificationId?: string;
  result?: { clientIdentificator: string; signSessionExpiresAt?: string; certificateUrl: string };
  documents?: { fileName: string; title: string; url?: string }[];
  error?: { code: string; message: string };
}

export interface Problem {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** A problem+json answer from the relay (or `relay_unreachable` when it did not answer). */
export class RelayApiError extends Error {
  override readonly name = 'RelayApiError';
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title ?? 'relay error'}`);
  }
}

export interface RelayApi {
  createIdentification(body: Record<string, unknown>): Promise<CreatedSession>;
  createSigning(body: Record<string, unknown>): Promise<CreatedSession>;
  getSession(kind: 'identification' | 'signing', id: string): Promise<SessionView>;
  /** The eID certificate (identification) or a signed document (signing), as a streamable response. */
  download(path: string): Promise<Response>;
}

export function createRelayApi(opts: { baseUrl: () => string; apiKey: string }): RelayApi {
  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(opts.baseUrl() + path, {
        method,
        headers: {
          authorization: `Bearer ${opts.apiKey}`,
          accept: 'application/json, application/pdf',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new RelayApiError({ status: 502, code: 'relay_unreachable', title: 'The relay did not answer' });
    }
    if (!res.ok) {
      const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
      throw new RelayApiError({
        status: res.status,
        code: problem.code ?? `http_${res.status}`,
        title: problem.title,
        detail: problem.detail,
        errors: problem.errors,
      });
    }
    return res;
  }
  const json = async <T>(res: Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
  return {
    createIdentification: (body) => json(call('POST', '/v1/identifications', body)),
    createSigning: (body) => json(call('POST', '/v1/signings', body)),
    getSession: (kind, id) =>
      json(
        call('GET', `/v1/${kind === 'signing' ? 'signings' : 'identifications'}/${encodeURIComponent(id)}`),
      ),
    download: (path) => call('GET', path),
  };
}

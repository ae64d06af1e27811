/**
 * One undici Agent per client (a keep-alive pool over mutual TLS), requests built exactly as the
 * guide's header tables ask, and every failure below HTTP turned into a SigningApiError.
 */
import { Agent, buildConnector } from 'undici';
import { type ConnectFailures, classifyFailure, type ProbeResult, probeHandshake } from './classify.ts';
import { type OperationName, SigningApiConfigError } from './errors.ts';
import type { TlsCredentials } from './tls.ts';

export type Language = 'bg' | 'en';

export interface TransportOptions {
  baseUrl: string;
  relyingPartyId: string;
  tls: TlsCredentials;
  language: Language;
  timeouts: { connectMs: number; headersMs: number; bodyMs: number };
  connections: number;
}

export interface ProviderRequest {
  operation: OperationName;
  method: 'GET' | 'POST';
  /** Raw path segments under the base URL; each is percent-encoded here. */
  segments: readonly string[];
  /** Serialised JSON (POST only). */
  body?: string;
  language?: Language;
  signal?: AbortSignal;
}

export interface ProviderResponse {
  status: number;
  text: string;
}

export class Transport {
  readonly origin: string;
  private readonly basePath: string;
  private readonly agent: Agent;
  private readonly headers = new Map<string, Readonly<Record<string, string>>>();
  private readonly connectFailures: ConnectFailures = new WeakSet();
  private readonly probe: () => Promise<ProbeResult>;

  constructor(private readonly opts: TransportOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new SigningApiConfigError('baseUrl: not a URL');
    }
    if (url.protocol !== 'https:') throw new SigningApiConfigError('baseUrl: must be https (mutual TLS)');
    if (url.search || url.hash) throw new SigningApiConfigError('baseUrl: must not have a query or fragment');
    this.origin = url.origin;
    // guide 1.1/2.5/3.3 print `//signing-api` and `v2//identification`: one slash per segment, always.
    this.basePath = url.pathname.replace(/\/{2,}/g, '/').replace(/\/$/, '');

    const tlsOptions = { ...opts.tls, timeout: opts.timeouts.connectMs, maxCachedSessions: 16 };
    const base = buildConnector(tlsOptions);
    const failures = this.connectFailures;
    // Remember which errors came from connecting: those prove the request never left us.
    const connect: buildConnector.connector = (options, callback) =>
      base(options, (err, socket) => {
        if (err) failures.add(err);
        (callback as (e: Error | null, s: unknown) => void)(err, socket);
      });
    this.agent = new Agent({
      connect,
      connections: opts.connections,
      headersTimeout: opts.timeouts.headersMs,
      bodyTimeout: opts.timeouts.bodyMs,
      // Servers announce their idle timeout (Keep-Alive: timeout=N) and undici honours it; this is the fallback.
      keepAliveTimeout: 10_000,
    });

    let pending: Promise<ProbeResult> | undefined;
    const probeMs = Math.min(opts.timeouts.connectMs, 1000);
    // One probe at a time, shared by every request that failed the same way meanwhile.
    this.probe = () => {
      pending ??= probeHandshake(url, opts.tls, probeMs).finally(() => {
        pending = undefined;
      });
      return pending;
    };
  }

  path(segments: readonly string[]): string {
    let path = this.basePath;
    for (const s of segments) path += `/${encodeURIComponent(s)}`;
    return path;
  }

  private headersFor(method: 'GET' | 'POST', language: Language): Readonly<Record<string, string>> {
    const key = method + language;
    let h = this.headers.get(key);
    if (!h) {
      // Spelt as in the guide's header tables; Content-Type on GETs too, as those tables list it.
      h = Object.freeze({
        relyingPartyID: this.opts.relyingPartyId,
        accept: 'application/json',
        'Accept-language': language,
        'Content-Type': 'application/json',
      });
      this.headers.set(key, h);
    }
    return h;
  }

  async send(req: ProviderRequest): Promise<ProviderResponse> {
    let status: number;
    let body: { text(): Promise<string> };
    try {
      const res = await this.agent.request({
        origin: this.origin,
        path: this.path(req.segments),
        method: req.method,
        headers: this.headersFor(req.method, req.language ?? this.opts.language),
        body: req.body ?? null,
        signal: req.signal ?? null,
      });
      status = res.statusCode;
      body = res.body;
    } catch (e) {
      throw await this.fail(req, e, false);
    }
    try {
      return { status, text: await body.text() };
    } catch (e) {
      throw await this.fail(req, e, true);
    }
  }

  private async fail(req: ProviderRequest, e: unknown, answered: boolean): Promise<unknown> {
    if (req.signal?.aborted) return req.signal.reason ?? e;
    return classifyFailure(e, {
      operation: req.operation,
      answered,
      fromConnect: typeof e === 'object' && e !== null && this.connectFailures.has(e),
      probe: this.probe,
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  destroy(): Promise<void> {
    return this.agent.destroy();
  }
}

import type { ClientSessionView, StatusEvent } from '@borica-identify/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { call, endpoint, problem, RelayError, sessionPath } from '../relay-client.ts';

/** Timings in ms. Exported so that tests (and unusual deployments) can shorten or stretch them. */
export const timing = {
  /** First reconnect delay; doubles per failure up to `maxRetry`. */
  retry: 1000,
  maxRetry: 30000,
  /** Polling interval once the stream has been given up. */
  poll: 3000,
  /** The relay sends the current state at once: silence this long means a buffering proxy. */
  silence: 10000,
  /** Consecutive stream failures before falling back to polling. */
  failures: 2,
};

export interface StreamSource {
  relay: string;
  id: string;
  token: string;
}
export type Update = Pick<StatusEvent, 'status' | 'provider'> & Partial<ClientSessionView>;

/**
 * Follows one session: SSE over fetch (so the token travels in a header and `Last-Event-ID` can be
 * set on every reconnect), reconnecting with backoff, and polling when the stream keeps failing.
 * Runs only while the host is connected; `stop()` and removal abort everything in flight.
 */
export class SessionStream implements ReactiveController {
  /** `sse` or `poll`: how the session is being followed now. */
  mode: 'sse' | 'poll' = 'sse';
  #ac?: AbortController;
  #timer?: ReturnType<typeof setTimeout>;
  #lastId = '';
  #fails = 0;
  #src?: StreamSource;
  #on = false;

  /** Receives each state; returns true when it is terminal (the stream then stops). */
  #onUpdate: (u: Update) => boolean;
  /** Errors that retrying cannot fix (401, 404…). */
  #onFatal: (e: RelayError) => void;

  constructor(
    host: ReactiveControllerHost,
    onUpdate: (u: Update) => boolean,
    onFatal: (e: RelayError) => void,
  ) {
    this.#onUpdate = onUpdate;
    this.#onFatal = onFatal;
    host.addController(this);
  }

  /** Start following (or keep following) a session. */
  follow(src: StreamSource): void {
    if (this.#src?.id === src.id) return;
    this.#lastId = '';
    this.#src = src;
    this.#run();
  }

  stop(): void {
    this.#src = undefined;
    this.#halt();
  }

  hostConnected(): void {
    this.#on = true;
    this.#run();
  }

  hostDisconnected(): void {
    this.#on = false;
    this.#halt();
  }

  #halt(): void {
    this.#ac?.abort();
    clearTimeout(this.#timer);
    this.#ac = undefined;
  }

  #run(): void {
    this.#halt();
    if (!this.#src || !this.#on) return;
    const ac = new AbortController();
    this.#ac = ac;
    (this.mode === 'sse' ? this.#sse(this.#src, ac) : this.#poll(this.#src, ac.signal)).catch((e) => {
      if (!ac.signal.aborted) this.#onFatal(e);
    });
  }

  #later(ms: number): void {
    this.#timer = setTimeout(() => this.#run(), ms);
  }

  #backoff(): number {
    return Math.min(timing.retry * 2 ** (this.#fails - 1), timing.maxRetry) * (0.75 + Math.random() / 2);
  }

  async #sse(src: StreamSource, ac: AbortController): Promise<void> {
    let events = 0;
    let silent = setTimeout(() => ac.abort(), timing.silence);
    const heard = () => {
      clearTimeout(silent);
      silent = setTimeout(() => ac.abort(), timing.silence * 3);
    };
    try {
      const headers: Record<string, string> = {
        accept: 'text/event-stream',
        authorization: `Bearer ${src.token}`,
      };
      if (this.#lastId) headers['last-event-id'] = this.#lastId;
      const res = await fetch(endpoint(src.relay, sessionPath(src.id, '/events')), {
        headers,
        signal: ac.signal,
        cache: 'no-store',
      });
      if (res.status === 401 || res.status === 403 || res.status === 404) throw await problem(res);
      // too many connections: polling is the cure, not retrying
      if (res.status === 429) this.#fails = timing.failures;
      if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
        throw new Error('no stream');
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heard();
        buf += value.replace(/\r\n?/g, '\n');
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let data = '';
          let name = 'message';
          for (const line of block.split('\n')) {
            const [, field, val = ''] = /^([^:]*):? ?(.*)$/.exec(line) || [];
            if (field === 'id') this.#lastId = val;
            else if (field === 'event') name = val;
            else if (field === 'data') data += (data ? '\n' : '') + val;
          }
          if (name === 'status' && data) {
            events++;
            this.#fails = 0;
            if (this.#onUpdate(JSON.parse(data))) return this.stop();
          }
        }
      }
    } catch (e) {
      if (e instanceof RelayError) throw e;
    } finally {
      clearTimeout(silent);
    }
    // halted (stopped, removed, or superseded by a newer run)
    if (this.#ac !== ac || !this.#src) return;
    // a stream that delivered and then ended (proxy timeout) just reconnects; one that never worked counts
    if (!events && ++this.#fails >= timing.failures) {
      this.mode = 'poll';
      this.#fails = 0;
      return this.#run();
    }
    this.#later(events ? timing.retry : this.#backoff());
  }

  async #poll(src: StreamSource, signal: AbortSignal): Promise<void> {
    try {
      const view = await call<ClientSessionView>(
        src.relay,
        sessionPath(src.id),
        src.token,
        undefined,
        signal,
      );
      if (signal.aborted) return;
      this.#fails = 0;
      if (this.#onUpdate({ ...view, provider: view.provider || {} })) return this.stop();
    } catch (e) {
      if (signal.aborted) return;
      if (!(e instanceof RelayError) || !e.recoverable) throw e;
      this.#fails++;
    }
    if (this.#src && !signal.aborted) this.#later(this.#fails ? this.#backoff() : timing.poll);
  }
}

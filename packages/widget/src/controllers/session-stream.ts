import type { ClientSessionView, StatusEvent } from '@borica-identify/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as RelayClient from '../relay-client.ts';
import type { RelayError } from '../relay-client.ts';
import type { timing as Timing } from './timing.ts';

/**
 * What the stream uses from the core, handed in rather than imported: an import would make the bundler
 * move these modules out of the main file into a chunk shared with this one, one more request per page.
 */
export interface StreamDeps {
  client: typeof RelayClient;
  timing: typeof Timing;
}

export interface StreamSource {
  relay: string;
  id: string;
  token: string;
}
export type Update = Pick<StatusEvent, 'status' | 'provider'> & Partial<ClientSessionView>;

/**
 * Follows one session (a chunk of its own, loaded once there is a session to follow): SSE over fetch (so the token travels in a header and `Last-Event-ID` can be
 * set on every reconnect). When the stream fails, the session view is polled every `timing.poll` while
 * the stream is retried in the background with backoff; the first event of a working stream stops the
 * polling. Back online, or visible again: both at once, now (a page restored from the back/forward cache
 * reloads the whole session: SessionLoader).
 * Runs only while the host is connected; `stop()` and removal abort everything in flight.
 */
export class SessionStream implements ReactiveController {
  /** The relay cannot be reached (network, or its 5xx): the host says "connection lost, retrying". */
  lost = false;
  #host: ReactiveControllerHost;
  #stream?: AbortController;
  #poll?: AbortController;
  #streamTimer?: ReturnType<typeof setTimeout>;
  #pollTimer?: ReturnType<typeof setTimeout>;
  #polling = false;
  #lastId = '';
  #fails = 0;
  #src?: StreamSource;
  #on = false;

  /** Receives each state; returns true when it is terminal (everything then stops). */
  #onUpdate: (u: Update) => boolean;
  /** Errors that retrying cannot fix (401, 404…). */
  #onFatal: (e: RelayError) => void;

  #client: typeof RelayClient;
  #timing: typeof Timing;

  constructor(
    host: ReactiveControllerHost,
    { client, timing }: StreamDeps,
    onUpdate: (u: Update) => boolean,
    onFatal: (e: RelayError) => void,
  ) {
    this.#client = client;
    this.#timing = timing;
    this.#host = host;
    this.#onUpdate = onUpdate;
    this.#onFatal = onFatal;
    host.addController(this);
  }

  /** Start following (or keep following) a session. */
  follow(src: StreamSource): void {
    if (this.#src?.id === src.id) return;
    this.#lastId = '';
    this.#fails = 0;
    this.#src = src;
    this.#connect();
  }

  stop(): void {
    this.#src = undefined;
    this.#halt();
    this.#setLost(false);
  }

  /** Resync now and reconnect now: the network is back, the tab is visible again, or the page restored. */
  wake = (): void => {
    if (!this.#src || !this.#on) return;
    this.#fails = 0;
    this.#pollNow();
    this.#connect();
  };

  #visible = (): void => {
    if (document.visibilityState === 'visible') this.wake();
  };

  hostConnected(): void {
    this.#on = true;
    addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.#visible);
    this.#connect();
  }

  hostDisconnected(): void {
    this.#on = false;
    removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.#visible);
    this.#halt();
  }

  #halt(): void {
    this.#stream?.abort();
    this.#stream = undefined;
    clearTimeout(this.#streamTimer);
    this.#stopPolling();
  }

  #setLost(lost: boolean): void {
    if (this.lost !== lost) {
      this.lost = lost;
      this.#host.requestUpdate();
    }
  }

  /** Once polling, the polls alone say whether the relay is reachable (no flicker while both retry). */
  #streamLost(): void {
    if (!this.#polling) this.#setLost(true);
  }

  /** Worth a visible notice: the network, or the relay itself failing (not a proxy, not a 429). */
  #unreachable(e: unknown): boolean {
    return e instanceof this.#client.RelayError ? e.status === 0 || e.status > 499 : e instanceof TypeError;
  }

  #connect(): void {
    this.#stream?.abort();
    clearTimeout(this.#streamTimer);
    const src = this.#src;
    if (!src || !this.#on) return;
    const { retry, maxRetry } = this.#timing;
    const ac = new AbortController();
    this.#stream = ac;
    this.#read(src, ac).then(
      (events) => {
        if (this.#stream !== ac || !this.#src) return; // halted, or superseded by a newer connection
        // a stream that delivered and then ended (a proxy's timeout) just reconnects; one that never
        // worked backs off, and the session is polled meanwhile
        if (!events) {
          this.#fails++;
          this.#startPolling();
        }
        const wait = events ? retry : Math.min(retry * 2 ** (this.#fails - 1), maxRetry);
        this.#streamTimer = setTimeout(() => this.#connect(), wait * (0.75 + Math.random() / 2));
      },
      (e) => {
        if (!ac.signal.aborted) this.#onFatal(e);
      },
    );
  }

  /** One stream connection; resolves with the number of events it delivered. */
  async #read(src: StreamSource, ac: AbortController): Promise<number> {
    const { endpoint, problem, RelayError, sessionPath } = this.#client;
    const { silence } = this.#timing;
    let events = 0;
    let silent = setTimeout(() => ac.abort(), silence);
    const heard = () => {
      clearTimeout(silent);
      silent = setTimeout(() => ac.abort(), silence * 3);
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
      // too many connections: polling is the cure, not retrying soon
      if (res.status === 429) this.#fails = 16;
      if (res.status > 499) this.#streamLost();
      if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return 0;
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
            // the stream works: polling is no longer needed
            events++;
            this.#fails = 0;
            this.#stopPolling();
            this.#setLost(false);
            if (this.#onUpdate(JSON.parse(data))) {
              this.stop();
              return events;
            }
          }
        }
      }
    } catch (e) {
      if (e instanceof RelayError) throw e;
      if (!ac.signal.aborted && this.#unreachable(e)) this.#streamLost();
    } finally {
      clearTimeout(silent);
    }
    return events;
  }

  #startPolling(): void {
    if (this.#polling) return;
    this.#polling = true;
    this.#pollNow();
  }

  #stopPolling(): void {
    this.#polling = false;
    clearTimeout(this.#pollTimer);
    this.#poll?.abort();
  }

  /** One read of the session view now; while polling, the next one `timing.poll` later. */
  async #pollNow(): Promise<void> {
    clearTimeout(this.#pollTimer);
    this.#poll?.abort();
    const src = this.#src;
    if (!src || !this.#on) return;
    const { call, RelayError, sessionPath } = this.#client;
    const ac = new AbortController();
    this.#poll = ac;
    try {
      const view = await call<ClientSessionView>(
        src.relay,
        sessionPath(src.id),
        src.token,
        undefined,
        ac.signal,
      );
      if (ac.signal.aborted) return;
      this.#setLost(false);
      if (this.#onUpdate({ ...view, provider: view.provider || {} })) return this.stop();
    } catch (e) {
      if (ac.signal.aborted) return;
      if (!(e instanceof RelayError) || !e.recoverable) return this.#onFatal(e as RelayError);
      this.#setLost(this.#unreachable(e));
    }
    if (this.#polling && this.#src === src)
      this.#pollTimer = setTimeout(() => this.#pollNow(), this.#timing.poll);
  }
}

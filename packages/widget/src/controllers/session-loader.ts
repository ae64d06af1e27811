import type { ClientSessionView } from '@borica-identify/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { call, sessionPath } from '../relay-client.ts';

/**
 * Loads a session's view. A newer load aborts the one in flight (new `session`/`token` attributes, Try
 * again), and so does the element's removal; `reload` runs when the element is back in a page, or when
 * the page itself comes back from the back/forward cache (whatever it showed then is stale: the customer
 * has been at BORICA meanwhile).
 */
export class SessionLoader implements ReactiveController {
  #ac?: AbortController;
  #interrupted = false;
  #reload: () => void;

  constructor(host: ReactiveControllerHost, reload: () => void) {
    this.#reload = reload;
    host.addController(this);
  }

  /** The view, or undefined when a newer load (or removal) superseded this one. */
  async load(relay: string, id: string, token: string): Promise<ClientSessionView | undefined> {
    this.#ac?.abort();
    const ac = new AbortController();
    this.#ac = ac;
    try {
      return await call<ClientSessionView>(relay, sessionPath(id), token, undefined, ac.signal);
    } catch (e) {
      if (ac.signal.aborted) return undefined;
      throw e;
    } finally {
      if (this.#ac === ac) this.#ac = undefined;
    }
  }

  #restored = (e: PageTransitionEvent): void => {
    if (e.persisted) this.#reload();
  };

  hostConnected(): void {
    addEventListener('pageshow', this.#restored);
    if (this.#interrupted) this.#reload();
    this.#interrupted = false;
  }

  hostDisconnected(): void {
    removeEventListener('pageshow', this.#restored);
    this.#interrupted = !!this.#ac;
    this.#ac?.abort();
  }
}

import type { ClientSessionView, CreatedSession, StartResponse } from '@borica-identify/protocol';
import type { DisplayMode, SessionKind } from '@borica-identify/protocol/constants';
import { isTerminal } from '@borica-identify/protocol/constants';
import {
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { Countdown, left } from './controllers/countdown.ts';
import { SessionStream, type Update } from './controllers/session-stream.ts';
import { type BoricaDone, type BoricaErrorDetail, emit } from './events.ts';
import { loadTexts } from './i18n/load.ts';
import type { Strings, Translation } from './i18n/translation.ts';
import { call, RelayError, sessionPath } from './relay-client.ts';
import { load, save } from './storage.ts';
import { styles } from './styles.ts';

type Step = 'load' | 'consent' | 'handoff' | 'done' | 'error';

/**
 * What `<borica-identify>` and `<borica-sign>` share: loading the session, consent, the hand-off to
 * BORICA's page, live status, resume after navigation, and the terminal events.
 */
export abstract class BoricaElement extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    relay: {},
    session: {},
    token: {},
    lang: {},
    display: {},
    termsUrl: { attribute: 'terms-url' },
    privacyUrl: { attribute: 'privacy-url' },
    returnUrl: { attribute: 'return-url' },
    strings: { attribute: false },
    step: { state: true },
    s: { state: true },
    err: { state: true },
    busy: { state: true },
    blocked: { state: true },
    leaving: { state: true },
    pack: { state: true },
  };

  /** Base URL of the relay's client API, e.g. `https://rp.example/borica`. */
  relay = '';
  /** Session id from the relying party's backend (token mode). */
  session = '';
  /** The session's client token from the relying party's backend (token mode). */
  token = '';
  /** `bg` or `en`. Default: the page's language, then the session's. */
  override lang = '';
  /** How the customer reaches BORICA's page: `redirect` (default), `popup`, `iframe` or `qr`. */
  display: DisplayMode = 'redirect';
  /** Terms of use linked at consent. */
  termsUrl = 'https://www.b-trust.bg/';
  /** Privacy notice linked at consent. */
  privacyUrl = 'https://www.b-trust.bg/';
  /** Where BORICA sends the customer back in open start. Default: this page. */
  returnUrl = '';
  /** Partial override of the current language's texts, e.g. `{ cancel: 'Stop' }`. */
  strings: Strings = {};
  /** Leaves the page in `redirect` mode (and for "continue on this device"). Replace it to intercept. */
  navigate = (url: string): void => location.assign(url);
  /** Resolves once, with the session's terminal status. */
  readonly done: Promise<BoricaDone>;

  protected abstract readonly kind: SessionKind;
  // Lit's reactive state needs named properties; everything else is `#private`, which the minifier shortens
  protected step: Step = 'load';
  protected s?: ClientSessionView;
  protected err?: BoricaErrorDetail;
  protected busy = false;
  protected blocked = false;
  protected leaving = false;
  /** The current language's texts, loaded on demand: a page downloads only the language it shows. */
  private pack?: Translation;
  #packFor = '';
  #packed: Promise<unknown> = Promise.resolve();
  protected sid = '';
  #tok = '';
  #resolve!: (d: BoricaDone) => void;
  #readied = false;
  #again?: () => unknown;
  #stream = new SessionStream(
    this,
    (u) => this.#apply(u),
    (e) => this.#fail(e),
  );

  constructor() {
    super();
    this.done = new Promise((r) => (this.#resolve = r));
    new Countdown(this, () => this.step === 'consent' || this.step === 'handoff');
  }

  /** The texts in use: the language's, with `strings` laid over them. */
  get t(): Translation {
    return { ...this.pack!, ...this.strings };
  }

  /** The language in use, `bg` or `en`. */
  get language(): 'bg' | 'en' {
    const l = this.lang || this.closest('[lang]')?.getAttribute('lang') || this.s?.language || 'bg';
    return /^bg/i.test(l) ? 'bg' : 'en';
  }

  /** Open start: the widget may create its own session. */
  protected canOpen(): boolean {
    return false;
  }

  /** Open start: validate and create the session, or return nothing to stay on the form. */
  protected create(): Promise<CreatedSession> | undefined {
    return undefined;
  }

  /** Kind-specific content of the consent step. */
  protected abstract consent(t: Translation): TemplateResult;

  /** An open-start property (`method`, `reason`) of the subclass that has them. */
  #own(name: string): string {
    return (this as unknown as Record<string, string>)[name] || '';
  }

  /** Where an open-start instance keeps its session; distinct per tag, element id, relay and purpose. */
  #key(): string {
    return [this.localName, this.id, this.relay, this.#own('method'), this.#own('reason')].join('|');
  }

  protected override willUpdate(): void {
    const l = this.language;
    if (this.#packFor !== l) {
      this.#packFor = l;
      this.#packed = loadTexts(l).then((t) => {
        if (l === this.#packFor) this.pack = t;
      });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('token') || changed.has('relay')) this.#init();
    const prev = changed.get('step' as keyof BoricaElement);
    // focus follows the flow, but never leaves a field elsewhere on the page, nor moves on first load
    const a = document.activeElement;
    if (prev && prev !== 'load' && (a === this || a === document.body))
      this.renderRoot.querySelector('h2')?.focus();
    const c = this.renderRoot.querySelector('canvas');
    const url = this.s?.redirectUrl;
    if (c && url && c.dataset.url !== url) {
      c.dataset.url = url;
      import('./qr.ts')
        .then((m) => m.drawQr(c, url))
        .catch(() => {
          // the chunk did not load (network): Retry draws again
          c.dataset.url = '';
          this.#fail(new RelayError('qr_unavailable', 'QR code failed'));
          this.#again = () => this.requestUpdate();
        });
    }
  }

  async #init(): Promise<void> {
    this.#stream.stop();
    this.err = undefined;
    this.s = undefined;
    this.step = 'load';
    const saved = this.session ? {} : load(this.#key());
    this.sid = this.session || saved.id || '';
    this.#tok = this.token || saved.token || '';
    this.#again = () => this.#init();
    if (!this.sid) {
      await this.#packed;
      if (this.canOpen()) {
        this.step = 'consent';
        this.#ready();
      } else
        this.#fail(
          new RelayError('invalid_request', 'session and token, or method and reason, are required', 400),
        );
      return;
    }
    try {
      const [view] = await Promise.all([
        call<ClientSessionView>(this.relay, sessionPath(this.sid), this.#tok),
        this.#packed,
      ]);
      if (view.id !== this.sid) return; // superseded meanwhile
      this.s = view;
      this.#ready();
      this.#apply({ ...view, provider: view.provider || {} }, true);
    } catch (e) {
      // a remembered open-start session the relay no longer knows: begin afresh
      if (saved.id && e instanceof RelayError && !e.recoverable) {
        save(this.#key());
        return this.#init();
      }
      this.#fail(e);
    }
  }

  #ready(): void {
    if (!this.#readied) {
      this.#readied = true;
      emit(this, 'borica-ready', { id: this.sid || undefined, kind: this.kind, status: this.s?.status });
    }
  }

  /** One state from load, start, SSE or polling. Returns true when terminal. */
  #apply(u: Update, first = false): boolean {
    const prev = this.s;
    if (!prev) return false;
    const provider = u.provider || {};
    this.s = { ...prev, status: u.status, provider, redirectUrl: u.redirectUrl || prev.redirectUrl };
    const changed =
      first || prev.status !== u.status || JSON.stringify(prev.provider || {}) !== JSON.stringify(provider);
    if (changed) emit(this, 'borica-status', { status: u.status, provider });
    if (isTerminal(u.status)) {
      this.#finish();
      return true;
    }
    this.step = u.status === 'created' ? 'consent' : 'handoff';
    if (u.status !== 'created') this.#stream.follow({ relay: this.relay, id: this.sid, token: this.#tok });
    return false;
  }

  /** The status in words, with the provider's latest step (guide 1.2, 4.1, 5.1) when it has one. */
  #sentence(): string {
    const { status = 'created', provider: p = {} } = this.s || {};
    const t = this.t;
    if (isTerminal(status)) return (this.kind === 'signing' ? t.doneSign : t.doneIdentify)[status] || status;
    // an operator's review outranks the last step; N_A (no review) has no sentence and is skipped
    const raw = [p.reviewStatus, p.step, p.registrationStatus, p.status].find((v) => v && t.provider[v]);
    const own = t.status[status] || status;
    const detail = raw && t.provider[raw];
    // under review the status already says it all; never repeat a sentence ("In progress: In progress")
    return detail && detail !== own && status !== 'awaiting_review' ? `${own}: ${detail}` : own;
  }

  #finish(): void {
    const { status, kind, error } = this.s!;
    const d = { id: this.sid, kind };
    this.#stream.stop();
    this.step = 'done';
    this.#resolve({ status: status as BoricaDone['status'], ...d });
    // once per session, also across reloads and redirects
    const fired = `fired|${this.sid}`;
    if (load(fired).fired) return;
    save(fired, { fired: status });
    if (status === 'completed') emit(this, 'borica-complete', d);
    else if (status === 'cancelled') emit(this, 'borica-cancel', d);
    else if (status === 'expired') emit(this, 'borica-expire', d);
    else
      emit(this, 'borica-error', {
        code: error?.code || 'failed',
        message: this.#sentence(),
        recoverable: false,
      });
  }

  #fail(e: unknown): void {
    const r = e instanceof RelayError ? e : new RelayError('network', String(e));
    // already started elsewhere (another tab), or ended meanwhile: show the true state
    if (/^(conflict|session_terminal|session_expired)$/.test(r.code) && this.sid) {
      this.#init();
      return;
    }
    this.err = {
      code: r.code,
      message: this.pack?.errors[r.code] || r.message,
      recoverable: r.recoverable,
    };
    if (this.step === 'load') this.step = 'error';
    emit(this, 'borica-error', this.err);
  }

  #retry(): void {
    this.err = undefined;
    this.#again?.();
  }

  /** After consent: create (open start), start at the provider, and hand the customer over. */
  async #start(): Promise<void> {
    // opened inside the click so popup blockers allow it; pointed at BORICA once the relay answers
    const w =
      this.display === 'popup' && (this.s?.method || this.#own('method')) !== 'mobile'
        ? open('', 'borica', 'popup,width=520,height=760')
        : null;
    this.#again = () => this.#start();
    this.err = undefined;
    this.busy = true;
    try {
      if (!this.sid) {
        const c = await this.create();
        if (!c) return w?.close();
        this.sid = c.id;
        this.#tok = c.clientToken;
        save(this.#key(), { id: c.id, token: c.clientToken });
        this.s = { ...c, reason: this.#own('reason'), language: this.language };
      }
      const r = await call<StartResponse>(this.relay, sessionPath(this.sid, '/start'), this.#tok, {
        consent: true,
      });
      const url = r.redirectUrl;
      emit(this, 'borica-start', { id: this.sid, kind: this.kind, redirectUrl: url });
      this.#apply({ status: r.status, provider: this.s?.provider || {}, redirectUrl: url });
      if (!url || this.step !== 'handoff') w?.close();
      else if (this.display === 'redirect') this.#go(url);
      else if (w) {
        // BORICA's page gets no handle on this one (reverse tabnabbing)
        w.opener = null;
        w.location.href = url;
      } else this.blocked = this.display === 'popup';
    } catch (e) {
      w?.close();
      this.#fail(e);
    } finally {
      this.busy = false;
    }
  }

  #go(url: string): void {
    this.leaving = true;
    this.navigate(url);
  }

  async #cancel(): Promise<void> {
    this.busy = true;
    try {
      await call(this.relay, sessionPath(this.sid, '/cancel'), this.#tok, {});
      this.#apply({ status: 'cancelled', provider: this.s?.provider || {} });
    } catch (e) {
      this.#fail(e);
    } finally {
      this.busy = false;
    }
  }

  /** Open start after an unsuccessful end: forget the session and offer consent again. */
  #restart(): void {
    save(this.#key());
    this.#init();
  }

  protected override render(): TemplateResult {
    if (!this.pack) return html`<div part="base" aria-busy="true"></div>`;
    const t = this.t;
    const { step, s, err } = this;
    const status = s?.status || 'created';
    const url = s?.redirectUrl;
    const btn = (label: string, click: () => unknown, primary = false) =>
      html`<button part="button${primary ? ' primary' : ''}" ?disabled=${this.busy} @click=${click}>
        ${label}
      </button>`;
    const link = (label: string) =>
      html`<p><a part="link" href=${url} target="_blank" rel="noopener">${label}</a></p>`;
    const heading =
      step === 'load'
        ? t.loading
        : step === 'consent'
          ? t[this.kind === 'signing' ? 'sign' : 'identify']
          : step === 'error'
            ? t.error
            : this.#sentence();
    const until =
      s?.expiresAt && (step === 'consent' || step === 'handoff')
        ? html`<p part="countdown">${t.expiresIn(left(s.expiresAt))}</p>`
        : nothing;
    // once BORICA has the customer's video identification (or its agent reviews it) there is no way
    // back: the relay refuses a cancel then, so none is offered
    const late = s?.status === 'awaiting_review' || (s?.method === 'web' && s.status === 'in_progress');
    const cancel =
      this.sid && step !== 'done' && step !== 'error' && !late
        ? btn(t.cancel, () => this.#cancel())
        : nothing;
    let body: unknown = nothing;
    if (step === 'consent') {
      body = html`${this.consent(t)}
        <p part="text">${t.processor}</p>
        <p part="links">
          <slot name="terms"><a part="link" href=${this.termsUrl} target="_blank" rel="noopener">${t.terms}</a></slot>
          ·
          <slot name="privacy"
            ><a part="link" href=${this.privacyUrl} target="_blank" rel="noopener">${t.privacy}</a></slot
          >
        </p>
        <slot name="consent"></slot>
        ${until}
        <div part="actions">
          ${btn(t[this.kind === 'signing' ? 'agreeSign' : 'agree'], () => this.#start(), true)} ${cancel}
        </div>`;
    } else if (step === 'handoff') {
      const d = this.display;
      body = html`${
        !url
          ? // no provider page: B-Trust MOBILE waits for the app; a web identification under review waits for BORICA
            s?.method === 'mobile'
            ? html`<p part="text">${t.mobile}</p>`
            : nothing
          : d === 'iframe'
            ? html`<iframe part="frame" src=${url} title=${t.frame} allow="camera; microphone"></iframe>
                ${link(t.newTab)}`
            : d === 'qr'
              ? html`<h3 part="subheading">${t.qr}</h3>
                  <canvas part="qr" role="img" aria-label=${t.qrImage}></canvas>
                  <p part="hint">${t.qrHint}</p>
                  <div part="actions">${btn(t.sameDevice, () => this.#go(url), true)}</div>`
              : d === 'popup'
                ? html`<p part="text">${this.blocked ? t.popupBlocked : t.popup}</p>
                    ${link(t.open)}`
                : html`<div part="actions">${btn(t.open, () => this.#go(url), true)}</div>`
      }
      ${until}
      <div part="actions">${cancel}</div>`;
    } else if (step === 'done' && !this.session && status !== 'completed') {
      body = html`<div part="actions">${btn(t.again, () => this.#restart(), true)}</div>`;
    }
    return html`<div part="base" lang=${this.language}>
      <h2 part="heading" tabindex="-1">${heading}</h2>
      ${body}
      ${
        err
          ? html`<div part="error" role="alert">
              <p>${err.message}</p>
              ${err.recoverable ? btn(t.retry, () => this.#retry()) : nothing}
            </div>`
          : nothing
      }
      <div part="live" class="sr" role="status">${this.leaving ? t.redirecting : heading}</div>
    </div>`;
  }
}

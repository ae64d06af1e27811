import type { ClientSessionView, CreatedSession, StartResponse } from '@borica-identify/protocol';
import type { DisplayMode, SessionKind, TerminalStatus } from '@borica-identify/protocol/constants';
import { isTerminal } from '@borica-identify/protocol/constants';
import {
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { Countdown } from './controllers/countdown.ts';
import { SessionLoader } from './controllers/session-loader.ts';
import type { SessionStream, Update } from './controllers/session-stream.ts';
import { timing } from './controllers/timing.ts';
import { type BoricaDone, type BoricaErrorDetail, emit } from './events.ts';
import { BoricaWindow } from './handoff/popup.ts';
import { paintQr } from './handoff/qr.ts';
import { handoffStep } from './handoff/step.ts';
import { loadTexts } from './i18n/load.ts';
import type { Step, Strings, Translation } from './i18n/translation.ts';
import { once } from './once.ts';
import { call, endpoint, problem, RelayError, sessionPath } from './relay-client.ts';
import { consentStep } from './steps/consent.ts';
import { doneStep } from './steps/done.ts';
import { notices } from './steps/notices.ts';
import { load, save } from './storage.ts';
import { styles } from './styles.ts';
import type { View } from './view.ts';

/**
 * What `<borica-identify>` and `<borica-sign>` share: loading the session, consent, the hand-off to
 * BORICA's page, live status, resume after navigation, and the terminal events. The markup of each step
 * is in `steps/`, of each hand-off mode in `handoff/`; following the status in `controllers/`.
 */
export abstract class BoricaElement extends LitElement implements View {
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
    _step: { state: true },
    _session: { state: true },
    _problem: { state: true },
    _busy: { state: true },
    _blocked: { state: true },
    _leaving: { state: true },
    _texts: { state: true },
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
  /**
   * Where BORICA sends the customer back. `redirect` in open start: this page by default. `popup`,
   * `iframe`, `qr`: a light page of yours instead of the relay's "you can close this window" page.
   */
  returnUrl = '';
  /** Partial override of the current language's texts, e.g. `{ cancel: 'Stop' }`. */
  strings: Strings = {};
  /** Leaves the page in `redirect` mode. Replace it to intercept. */
  navigate = (url: string): void => location.assign(url);
  /** Resolves once, with the session's terminal status. */
  readonly done: Promise<BoricaDone>;

  abstract readonly kind: SessionKind;
  _step: Step = 'load';
  _session?: ClientSessionView;
  _problem?: BoricaErrorDetail;
  _busy = false;
  _blocked = false;
  /** On the way to BORICA's page (redirect): the live region says so. */
  _leaving = false;
  /** The current language's texts, loaded on demand: a page downloads only the language it shows. */
  _texts?: Translation;
  _id = '';
  /** The step on screen before this update: focus moves with a new one. */
  #shown = '';
  #textsFor = '';
  #textsLoaded: Promise<unknown> = Promise.resolve();
  #token = '';
  #resolve!: (d: BoricaDone) => void;
  #readied = false;
  /** What Retry repeats: the last action that failed. */
  #again?: () => unknown;
  #window = new BoricaWindow();
  #loader = new SessionLoader(this, () => this.#init());
  #stream?: SessionStream;
  #streamLoaded?: Promise<SessionStream>;

  constructor() {
    super();
    this.done = new Promise((r) => (this.#resolve = r));
    new Countdown(this, () => this._step === 'consent' || this._step === 'handoff');
  }

  /** The texts in use: the language's, with `strings` laid over them. */
  get t(): Translation {
    return { ...this._texts!, ...this.strings };
  }

  /** The language in use, `bg` or `en`. */
  get language(): 'bg' | 'en' {
    const l = this.lang || this.closest('[lang]')?.getAttribute('lang') || this._session?.language || 'bg';
    return /^bg/i.test(l) ? 'bg' : 'en';
  }

  get _lost(): boolean {
    return !!this.#stream?.lost;
  }

  /**
   * Following the status is a chunk of its own: the consent step does not need it. Loaded as soon as
   * there is a session (beside its view, or the start), so it is there when the status moves.
   */
  #loadStream(): Promise<SessionStream> {
    this.#streamLoaded ??= import('./controllers/session-stream.ts').then(
      (m) =>
        (this.#stream = new m.SessionStream(
          this,
          { client: { call, endpoint, problem, RelayError, sessionPath }, timing },
          (u) => this.#apply(u),
          (e) => this.#fail(e),
        )),
      (e) => {
        this.#streamLoaded = undefined;
        throw e;
      },
    );
    return this.#streamLoaded;
  }

  #follow(): void {
    const src = { relay: this.relay, id: this._id, token: this.#token };
    this.#loadStream().then(
      // unless the session ended or was replaced meanwhile
      (s) => src.id === this._id && this._step === 'handoff' && s.follow(src),
      (e) => this.#fail(e),
    );
  }

  /** Open start: the widget may create its own session. */
  protected _canOpen(): boolean {
    return false;
  }

  /** Open start: validate and create the session, or return nothing to stay on the form. */
  protected _create(): Promise<CreatedSession> | undefined {
    return undefined;
  }

  /** The relay refused these fields (dotted paths, `person.id`): the form marks them. */
  protected _refused(_fields: string[]): void {}

  abstract _consent(t: Translation): TemplateResult;

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
    if (this.#textsFor !== l) {
      this.#textsFor = l;
      this.#textsLoaded = loadTexts(l).then((t) => {
        if (l === this.#textsFor) this._texts = t;
      });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('token') || changed.has('relay')) this.#init();
    const prev = this.#shown;
    this.#shown = this._step;
    // focus follows the flow, but never leaves a field elsewhere on the page, nor moves on first load
    const a = document.activeElement;
    if (prev !== this._step && prev && prev !== 'load' && (a === this || a === document.body))
      this.renderRoot.querySelector('h2')?.focus();
    const url = this._session?.redirectUrl;
    if (url && this._step === 'handoff')
      paintQr(this.renderRoot, url)?.catch(() => {
        this.#fail(new RelayError('qr_unavailable', 'QR code failed'));
        this.#again = () => this.requestUpdate();
      });
  }

  async #init(): Promise<void> {
    this.#stream?.stop();
    this._problem = undefined;
    this._session = undefined;
    this._leaving = false;
    this._step = 'load';
    const saved = this.session ? {} : load(this.#key());
    this._id = this.session || saved.id || '';
    this.#token = this.token || saved.token || '';
    this.#again = () => this.#init();
    if (!this._id) {
      await this.#textsLoaded;
      if (this._canOpen()) {
        this._step = 'consent';
        this.#ready();
      } else
        this.#fail(
          new RelayError('invalid_request', 'session and token, or method and reason, are required', 400),
        );
      return;
    }
    this.#loadStream().catch(() => undefined);
    try {
      const [view] = await Promise.all([
        this.#loader.load(this.relay, this._id, this.#token),
        this.#textsLoaded,
      ]);
      if (!view || view.id !== this._id) return; // superseded meanwhile
      this._session = view;
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
      emit(this, 'borica-ready', {
        id: this._id || undefined,
        kind: this.kind,
        status: this._session?.status,
      });
    }
  }

  /** One state from load, start, SSE or polling. Returns true when terminal. */
  #apply(u: Update, first = false): boolean {
    const prev = this._session;
    if (!prev) return false;
    if (this._step === 'done') return true;
    const provider = u.provider || {};
    this._session = {
      ...prev,
      status: u.status,
      provider,
      redirectUrl: u.redirectUrl || prev.redirectUrl,
      error: u.error || prev.error,
    };
    const changed =
      first || prev.status !== u.status || JSON.stringify(prev.provider || {}) !== JSON.stringify(provider);
    if (changed) emit(this, 'borica-status', { status: u.status, provider });
    if (isTerminal(u.status)) {
      this.#finish();
      return true;
    }
    this._step = u.status === 'created' ? 'consent' : 'handoff';
    if (u.status !== 'created') this.#follow();
    return false;
  }

  /** The status in words, with the provider's latest step (guide 1.2, 4.1, 5.1) when it has one. */
  #sentence(): string {
    const { status = 'created', provider: p = {} } = this._session || {};
    const t = this.t;
    if (isTerminal(status)) return (this.kind === 'signing' ? t.doneSign : t.doneIdentify)[status];
    const words = t.provider as Record<string, string>;
    // an operator's review outranks the last step; N_A (no review) has no sentence and is skipped
    const raw = [p.reviewStatus, p.step, p.registrationStatus, p.status].find((v) => v && words[v]);
    const own = t.status[status];
    const detail = raw && words[raw];
    // under review the status already says it all; never repeat a sentence ("In progress: In progress")
    return detail && detail !== own && status !== 'awaiting_review' ? `${own}: ${detail}` : own;
  }

  async #finish(): Promise<void> {
    const { status, kind } = this._session!;
    const d = { id: this._id, kind };
    this.#stream?.stop();
    // BORICA's part is over: its window goes (the customer is back on this page)
    this.#window.close();
    this._step = 'done';
    this.#resolve({ status: status as TerminalStatus, ...d });
    // a status event carries no error: the view says why it failed
    let { error } = this._session!;
    if (status === 'failed' && !error) {
      const view = await this.#loader.load(this.relay, d.id, this.#token).catch(() => undefined);
      error = view?.error;
      if (error && this._session?.id === d.id) this._session = { ...this._session, error };
    }
    const t = this.t;
    once(this._id, status, () => {
      if (status === 'completed') emit(this, 'borica-complete', d);
      else if (status === 'cancelled') emit(this, 'borica-cancel', d);
      else if (status === 'expired') emit(this, 'borica-expire', d);
      else
        emit(this, 'borica-error', {
          code: error?.code || 'failed',
          message: t.failures[error?.code as keyof Translation['failures']] || this.#sentence(),
          recoverable: false,
        });
    });
  }

  async #fail(e: unknown): Promise<void> {
    const r = e instanceof RelayError ? e : new RelayError('network', String(e));
    // already started elsewhere (another tab), or ended meanwhile: show the true state
    if (/^(conflict|session_terminal|session_expired)$/.test(r.code) && this._id) {
      this.#init();
      return;
    }
    await this.#textsLoaded;
    if (r.fields.length) this._refused(r.fields);
    const t = this.t;
    // never the relay's own (English, developer) message: the code in the customer's language
    this._problem = {
      code: r.code,
      message: t.errors[r.code as keyof Translation['errors']] || t.error,
      recoverable: r.recoverable,
    };
    if (this._step === 'load') this._step = 'error';
    emit(this, 'borica-error', this._problem);
  }

  _retry(): void {
    this._problem = undefined;
    this.#again?.();
  }

  /** After consent: create (open start), start at the provider, and hand the customer over. */
  async _start(): Promise<void> {
    // opened inside the click so popup blockers allow it; pointed at BORICA once the relay answers
    const w =
      this.display === 'popup' &&
      (this._session?.method || this.#own('method')) !== 'mobile' &&
      this.#window.open();
    this.#again = () => this._start();
    this._problem = undefined;
    this._busy = true;
    this.#loadStream().catch(() => undefined);
    try {
      if (!this._id) {
        const c = await this._create();
        if (!c) return this.#window.close();
        this._id = c.id;
        this.#token = c.clientToken;
        save(this.#key(), { id: c.id, token: c.clientToken });
        this._session = { ...c, reason: this.#own('reason'), language: this.language };
      }
      // popup, iframe and qr: BORICA returns the customer to a light page, not to this one (relay's urls.ts)
      const light =
        this.display !== 'redirect' && this.returnUrl && new URL(this.returnUrl, location.href).href;
      const r = await call<StartResponse>(this.relay, sessionPath(this._id, '/start'), this.#token, {
        consent: true,
        display: this.display,
        ...(light && { returnUrl: light }),
      });
      const url = r.redirectUrl;
      emit(this, 'borica-start', { id: this._id, kind: this.kind, redirectUrl: url });
      this.#apply({ status: r.status, provider: this._session?.provider || {}, redirectUrl: url });
      if (!url || this._step !== 'handoff') this.#window.close();
      else if (this.display === 'redirect') this._go(url);
      else if (w) this.#window.show(url);
      else this._blocked = this.display === 'popup';
    } catch (e) {
      this.#window.close();
      this.#fail(e);
    } finally {
      this._busy = false;
    }
  }

  _go(url: string): void {
    this._leaving = true;
    this.navigate(url);
  }

  _openWindow(url: string, e?: Event): void {
    if (this.#window.open()) {
      e?.preventDefault();
      this.#window.show(url);
    } else if (!e) this._blocked = true;
  }

  async _cancel(): Promise<void> {
    this._busy = true;
    try {
      await call(this.relay, sessionPath(this._id, '/cancel'), this.#token, {});
      this.#apply({ status: 'cancelled', provider: this._session?.provider || {} });
    } catch (e) {
      this.#fail(e);
    } finally {
      this._busy = false;
    }
  }

  /** After an unsuccessful end. Open start: forget the session and offer consent again. */
  _again(): void {
    if (this.session) {
      const { status, error } = this._session!;
      emit(this, 'borica-retry', {
        id: this._id,
        kind: this.kind,
        status: status as 'failed' | 'cancelled' | 'expired',
        ...(error?.code && { code: error.code }),
      });
      return;
    }
    save(this.#key());
    this.#init();
  }

  protected override render(): TemplateResult {
    if (!this._texts) return html`<div part="base" aria-busy="true"></div>`;
    const t = this.t;
    const step = this._step;
    const heading =
      step === 'load'
        ? t.loading
        : step === 'consent'
          ? this.kind === 'signing'
            ? t.sign
            : t.identify
          : step === 'error'
            ? t.error
            : this.#sentence();
    const body =
      step === 'consent'
        ? consentStep(this)
        : step === 'handoff'
          ? handoffStep(this)
          : step === 'done'
            ? doneStep(this)
            : nothing;
    return html`<div part="base" lang=${this.language}>
      <h2 part="heading" tabindex="-1">${heading}</h2>
      ${body} ${notices(this)}
      <div part="live" class="sr" role="status">${this._leaving ? t.redirecting : this._lost ? t.reconnecting : heading}</div>
    </div>`;
  }
}

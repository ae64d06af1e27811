import type { CreatedSession } from '@borica-identify/protocol';
import type { Method } from '@borica-identify/protocol/constants';
import { adoptStyles, html, nothing, type TemplateResult, unsafeCSS } from 'lit';
import { BoricaElement } from '../../base.ts';
import type { Translation } from '../../i18n/translation.ts';
import { call } from '../../relay-client.ts';

type Form = typeof import('./person-form.ts');

/**
 * Remote identification of a customer with BORICA B-Trust: web video identification or B-Trust MOBILE.
 *
 * @tagname borica-identify
 *
 * @fires borica-ready - The widget knows its session (or, in open start, can create one).
 * @fires borica-start - The provider was contacted after consent; `detail.redirectUrl` is BORICA's page.
 * @fires borica-status - Every status change: `{status, provider}`.
 * @fires borica-complete - Identification completed: `{id, kind}`. Once per session.
 * @fires borica-error - `{code, message, recoverable}`; also when the session ends as `failed`.
 * @fires borica-cancel - Cancelled (here or at BORICA): `{id, kind}`. Once per session.
 * @fires borica-expire - Ran out of time: `{id, kind}`. Once per session.
 * @fires borica-retry - "Try again" after an unsuccessful end: `{id, kind, status, code?}`; answer with a new session.
 *
 * @slot terms - Replaces the terms-of-use link at consent.
 * @slot privacy - Replaces the privacy-notice link at consent.
 * @slot consent - Extra consent text from the relying party.
 *
 * @csspart base - The card around everything.
 * @csspart heading - The heading of the current step (focused when the step changes).
 * @csspart subheading - The QR hand-off's heading.
 * @csspart text - A paragraph of explanation.
 * @csspart reason - Why the identity is needed.
 * @csspart links - The terms and privacy links.
 * @csspart link - Any link.
 * @csspart form - The B-Trust MOBILE details form.
 * @csspart field - One form field.
 * @csspart label - A field's label.
 * @csspart input - A field's input or select.
 * @csspart hint - Help text under a field or the QR code.
 * @csspart field-error - A field's validation message.
 * @csspart actions - A row of buttons.
 * @csspart button - Any button.
 * @csspart primary - The main button of a step.
 * @csspart frame - The iframe with BORICA's page (`display="iframe"`).
 * @csspart qr - The QR code canvas (`display="qr"`).
 * @csspart countdown - Time left until the session expires.
 * @csspart error - An error message with its Retry button.
 * @csspart notice - "Connection lost, reconnecting" while the relay cannot be reached.
 * @csspart live - The visually hidden live region that announces status changes.
 *
 * @cssproperty --borica-color-primary - Buttons, links, focus ring.
 * @cssproperty --borica-color-on-primary - Text on primary buttons.
 * @cssproperty --borica-color-text - Text.
 * @cssproperty --borica-color-background - Card background.
 * @cssproperty --borica-color-muted - Secondary text and input borders.
 * @cssproperty --borica-color-border - Card border.
 * @cssproperty --borica-color-danger - Errors.
 * @cssproperty --borica-radius - Corner radius.
 * @cssproperty --borica-font - Font shorthand.
 */
export class BoricaIdentify extends BoricaElement {
  static override properties = {
    method: {},
    reason: {},
    _person: { state: true },
    _touched: { state: true },
    _refusedFields: { state: true },
    _form: { state: true },
  };
  readonly kind = 'identification';
  /** Open start: `web` or `mobile` (only when the relay allows open start). */
  method: Method | '' = '';
  /** Open start: why the identity is needed; shown to the customer and sent to BORICA. */
  reason = '';
  _person = { idType: 'EGN', id: '', dateOfBirth: '', phone: '', email: '' };
  /** Fields whose problems are shown: left once, or all of them after a press of the button. */
  _touched = new Set<string>();
  /** Fields the relay refused although the form's own checks passed them. */
  _refusedFields = new Set<string>();
  /** The B-Trust MOBILE form's chunk, once loaded. */
  _form?: Form;

  protected override _canOpen(): boolean {
    if (this.method === 'mobile')
      import('./person-form.ts').then((m) => {
        // the form's rules come with its chunk: pages without the form never download them
        const own = (this.constructor as typeof BoricaIdentify).elementStyles;
        adoptStyles(this.renderRoot as ShadowRoot, [...own, unsafeCSS(m.formStyles)]);
        this._form = m;
      });
    return !!(this.method && this.reason);
  }

  get #withForm(): boolean {
    return !this._id && this.method === 'mobile';
  }

  /** `person.id` refused: shown at the id field, in the customer's language (person-form.ts). */
  protected override _refused(fields: string[]): void {
    const mine = fields.filter((f) => f.startsWith('person.')).map((f) => f.slice(7));
    if (!mine.length) return;
    this._refusedFields = new Set(mine);
    this._touched = new Set([...this._touched, ...mine]);
  }

  protected override _create(): Promise<CreatedSession> | undefined {
    const problems = this._form?.problems(this._person) || {};
    if (this.#withForm && (!this._form || Object.keys(problems).length)) {
      this._touched = new Set(Object.keys(problems));
      this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus(),
      );
      return undefined;
    }
    return call<CreatedSession>(this.relay, '/v1/client/identifications', undefined, {
      method: this.method,
      reason: this.reason,
      language: this.language,
      returnUrl: this.returnUrl || location.href,
      ...(this.#withForm && { person: this._form!.clean(this._person) }),
    });
  }

  _consent(t: Translation): TemplateResult {
    const reason = this._session?.reason || this.reason;
    const mobile = (this._session?.method || this.method) === 'mobile';
    return html`${reason ? html`<p part="reason"><strong>${t.reason}:</strong> ${reason}</p>` : nothing}
      <p part="text">${mobile ? t.consentMobile : t.consentWeb}</p>
      ${
        this.#withForm && this._form
          ? this._form.personForm(
              { html, nothing },
              t,
              this._person,
              this._touched,
              this._refusedFields,
              (name, value, touch) => {
                if (value !== undefined) {
                  this._person = { ...this._person, [name]: value };
                  // a new value: the relay's verdict was about the old one
                  this._refusedFields.delete(name);
                }
                if (touch) this._touched = new Set([...this._touched, name]);
              },
            )
          : nothing
      }`;
  }
}

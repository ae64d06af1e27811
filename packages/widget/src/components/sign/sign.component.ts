import { html, type TemplateResult } from 'lit';
import { BoricaElement } from '../../base.ts';
import type { Translation } from '../../i18n/translation.ts';

/**
 * Signing of documents with a one-time qualified certificate after a web identification. The relying
 * party's backend creates the signing (server API) and hands `session` and `token` to the page.
 *
 * @tagname borica-sign
 *
 * @fires borica-ready - The signing session is loaded.
 * @fires borica-start - BORICA was contacted after consent; `detail.redirectUrl` is the signing page.
 * @fires borica-status - Every status change: `{status, provider}`.
 * @fires borica-complete - The documents are signed: `{id, kind}`. Once per session.
 * @fires borica-error - `{code, message, recoverable}`; also when the signing ends as `failed`.
 * @fires borica-cancel - Cancelled: `{id, kind}`. Once per session.
 * @fires borica-expire - Ran out of time: `{id, kind}`. Once per session.
 * @fires borica-retry - "Try again" after an unsuccessful end: `{id, kind, status, code?}`; answer with a new session.
 *
 * @slot terms - Replaces the terms-of-use link at consent.
 * @slot privacy - Replaces the privacy-notice link at consent.
 * @slot consent - Extra consent text from the relying party.
 *
 * @csspart base - The card around everything.
 * @csspart heading - The heading of the current step.
 * @csspart documents - The list of documents to sign.
 * @csspart document - One document.
 * @csspart document-title - A document's title.
 * @csspart document-name - A document's file name.
 * @csspart text - A paragraph of explanation.
 * @csspart links - The terms and privacy links.
 * @csspart link - Any link.
 * @csspart subheading - The documents' and the QR hand-off's headings.
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
 */
export class BoricaSign extends BoricaElement {
  readonly kind = 'signing';

  _consent(t: Translation): TemplateResult {
    return html`<p part="text">${t.consentSign}</p>
      <h3 part="subheading">${t.documents}</h3>
      <ul part="documents">
        ${(this._session?.documents || []).map(
          (d) => html`<li part="document">
            <span part="document-title">${d.title}</span> <span part="document-name">${d.fileName}</span>
          </li>`,
        )}
      </ul>`;
  }
}

import { isTerminal } from '@borica-identify/protocol/constants';
import { html, nothing, type TemplateResult } from 'lit';
import { left } from '../controllers/countdown.ts';
import type { View } from '../view.ts';

/** Pieces several steps share: buttons, the countdown, the Cancel button. */
export const button = (v: View, label: string, click: () => unknown, primary = false): TemplateResult =>
  html`<button part="button${primary ? ' primary' : ''}" ?disabled=${v._busy} @click=${click}>${label}</button>`;

/** A link to BORICA's page that opens it in a window of the widget's own when the browser allows. */
export const windowLink = (v: View, url: string, label: string): TemplateResult =>
  html`<p>
    <a part="link" href=${url} target="_blank" rel="noopener" @click=${(e: Event) => v._openWindow(url, e)}
      >${label}</a
    >
  </p>`;

export const countdown = (v: View): TemplateResult | typeof nothing => {
  const at = v._session?.expiresAt;
  return at ? html`<p part="countdown">${v.t.expiresIn(left(at))}</p>` : nothing;
};

/**
 * Once BORICA has the customer's video identification (or its agent reviews it) there is no way back:
 * the relay refuses a cancel then, so none is offered.
 */
export const cancelButton = (v: View): TemplateResult | typeof nothing => {
  const s = v._session;
  const late = s?.status === 'awaiting_review' || (s?.method === 'web' && s.status === 'in_progress');
  return v._id && !late && !isTerminal(s?.status || '') ? button(v, v.t.cancel, () => v._cancel()) : nothing;
};

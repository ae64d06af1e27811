import { html, type TemplateResult } from 'lit';
import type { View } from '../view.ts';
import { button, cancelButton, countdown } from './parts.ts';

/** Consent: what will happen, who processes the data, the terms, and the one button that starts. */
export const consentStep = (v: View): TemplateResult => {
  const t = v.t;
  return html`${v._consent(t)}
    <p part="text">${t.processor}</p>
    <p part="links">
      <slot name="terms"><a part="link" href=${v.termsUrl} target="_blank" rel="noopener">${t.terms}</a></slot>
      ·
      <slot name="privacy"><a part="link" href=${v.privacyUrl} target="_blank" rel="noopener">${t.privacy}</a></slot>
    </p>
    <slot name="consent"></slot>
    ${countdown(v)}
    <div part="actions">
      ${button(v, v.kind === 'signing' ? t.agreeSign : t.agree, () => v._start(), true)} ${cancelButton(v)}
    </div>`;
};

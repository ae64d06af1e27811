import { html, nothing, type TemplateResult } from 'lit';
import type { View } from '../view.ts';
import { button } from './parts.ts';

/** Below any step: the last error (with Try again when it may help), and "connection lost, retrying". */
export const notices = (v: View): TemplateResult => {
  const p = v._problem;
  return html`${
    p
      ? html`<div part="error" role="alert">
          <p>${p.message}</p>
          ${p.recoverable ? button(v, v.t.retry, () => v._retry()) : nothing}
        </div>`
      : nothing
  }
  ${v._lost ? html`<p part="notice">${v.t.reconnecting}</p>` : nothing}`;
};

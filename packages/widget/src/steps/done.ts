import { html, nothing, type TemplateResult } from 'lit';
import type { View } from '../view.ts';
import { button } from './parts.ts';

/**
 * The end (the heading already says how it ended). Unless it succeeded: why it failed, from the session's
 * `error.code`, and a way to try again.
 */
export const doneStep = (v: View): TemplateResult | typeof nothing => {
  const t = v.t;
  const s = v._session;
  if (!s || s.status === 'completed') return nothing;
  const failed = s.status === 'failed';
  const why = failed && t.failures[s.error?.code as keyof typeof t.failures];
  return html`${why ? html`<p part="text">${why}</p>` : nothing}
    <div part="actions">${button(v, failed ? t.retry : t.again, () => v._again(), true)}</div>`;
};

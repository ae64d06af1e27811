import { html, type TemplateResult } from 'lit';
import { button } from '../steps/parts.ts';
import type { View } from '../view.ts';

/** `display="redirect"`: this page goes to BORICA's and comes back to the returnUrl (a button for a retry). */
export const redirectHandoff = (v: View, url: string): TemplateResult =>
  html`<div part="actions">${button(v, v.t.open, () => v._go(url), true)}</div>`;

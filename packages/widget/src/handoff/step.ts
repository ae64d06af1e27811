/** The hand-off step: the chosen display mode's part, the countdown and Cancel. */
import type { DisplayMode } from '@borica-identify/protocol/constants';
import { html, nothing, type TemplateResult } from 'lit';
import { cancelButton, countdown } from '../steps/parts.ts';
import type { View } from '../view.ts';
import { iframeHandoff } from './iframe.ts';
import { popupHandoff } from './popup.ts';
import { qrHandoff } from './qr.ts';
import { redirectHandoff } from './redirect.ts';

const modes: Record<DisplayMode, (v: View, url: string) => TemplateResult> = {
  redirect: redirectHandoff,
  popup: popupHandoff,
  iframe: iframeHandoff,
  qr: qrHandoff,
};

/** With BORICA: the way to its page for the display mode, the time left, and Cancel while it is allowed. */
export const handoffStep = (v: View): TemplateResult => {
  const s = v._session;
  const url = s?.redirectUrl;
  // no provider page: B-Trust MOBILE waits for the app; a web identification under review waits for BORICA
  const body = url
    ? (modes[v.display] || redirectHandoff)(v, url)
    : s?.method === 'mobile'
      ? html`<p part="text">${v.t.mobile}</p>`
      : nothing;
  return html`${body} ${countdown(v)}
    <div part="actions">${cancelButton(v)}</div>`;
};

import { html, nothing, type TemplateResult } from 'lit';
import { button, windowLink } from '../steps/parts.ts';
import type { View } from '../view.ts';

/** `display="qr"`: a QR code of BORICA's link for a phone, and "continue on this device" beside it. */
export const qrHandoff = (v: View, url: string): TemplateResult => {
  const t = v.t;
  return html`<h3 part="subheading">${t.qr}</h3>
    <canvas part="qr" role="img" aria-label=${t.qrImage}></canvas>
    <p part="hint">${t.qrHint}</p>
    <div part="actions">${button(v, t.sameDevice, () => v._openWindow(url), true)}</div>
    ${v._blocked ? html`<p part="text">${t.popupBlocked}</p>${windowLink(v, url, t.open)}` : nothing}`;
};

/**
 * Draws the code into the step's canvas once per link. The generator is a chunk of its own, loaded only
 * here; when it fails to load (network) the canvas is left blank for the next attempt and it rejects.
 */
export function paintQr(root: ParentNode, url: string): Promise<void> | undefined {
  const c = root.querySelector('canvas');
  if (!c || c.dataset.url === url) return;
  c.dataset.url = url;
  return import('./qr-code.ts')
    .then((m) => m.drawQr(c, url))
    .catch((e) => {
      c.dataset.url = '';
      throw e;
    });
}

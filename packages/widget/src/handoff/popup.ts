import { html, type TemplateResult } from 'lit';
import { windowLink } from '../steps/parts.ts';
import type { View } from '../view.ts';

/** `display="popup"`: BORICA's page is in a window of its own; this page follows the status. */
export const popupHandoff = (v: View, url: string): TemplateResult =>
  html`<p part="text">${v._blocked ? v.t.popupBlocked : v.t.popup}</p>
    ${windowLink(v, url, v.t.open)}`;

/**
 * The window BORICA's page shows in (popup mode, QR's "continue on this device", a frame's "open in a new
 * tab"). Opened inside the click (popup blockers allow only that), pointed at BORICA once the relay
 * answers, and closed by the widget when the session ends: it keeps its handle on the window, while
 * BORICA's page gets none on this one (`opener` cleared: no reverse tabnabbing). BORICA then returns the
 * customer to a light page in it (the relay's, see the start's `display`), never to this page.
 */
export class BoricaWindow {
  #w: Window | null = null;

  /** Opens an empty window now; false when the browser blocked it. */
  open(): boolean {
    if (!this.#w || this.#w.closed) this.#w = open('', 'borica', 'popup,width=520,height=760');
    return !!this.#w;
  }

  show(url: string): void {
    const w = this.#w;
    if (!w) return;
    w.opener = null;
    w.location.href = url;
  }

  close(): void {
    this.#w?.close();
    this.#w = null;
  }
}

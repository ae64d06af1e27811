import { html, type TemplateResult } from 'lit';
import { windowLink } from '../steps/parts.ts';
import type { View } from '../view.ts';

/**
 * `display="iframe"`: BORICA's page inline, camera and microphone delegated, and a way out to a window
 * of its own (some browsers refuse the camera inside frames).
 */
export const iframeHandoff = (v: View, url: string): TemplateResult =>
  html`<iframe part="frame" src=${url} title=${v.t.frame} allow="camera; microphone"></iframe>
    ${windowLink(v, url, v.t.newTab)}`;

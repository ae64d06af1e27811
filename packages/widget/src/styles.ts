import { css } from 'lit';

/**
 * Shared by both elements. Every colour is a `--borica-*` custom property with light and dark defaults.
 * The B-Trust MOBILE form brings its own rules in its chunk (`formStyles` in person-form.ts).
 *
 * Contrast holds for any `--borica-color-primary`, light and dark: text on the primary is black or
 * white, whichever reads better (`--_on`), and the primary used as text on the card (`--_pt`: links,
 * secondary buttons) is darkened in light mode, lightened in dark mode, just enough for 4.5:1. Both come
 * from CSS relative colours; browsers without them keep the fixed defaults. CIE L* 49.4 is luminance
 * 0.18, where black and white text both reach 4.6:1 (below it white, above black); L* at most 48 on the
 * white card and at least 66 on the dark one give 4.8:1 and 6.5:1.
 */
export const styles = css`
  :host {
    display: block;
    --_p: var(--borica-color-primary, #0a58ca);
    --_on: var(--borica-color-on-primary, #fff);
    --_pt: var(--_p);
    --_fg: var(--borica-color-text, #1c1f23);
    --_bg: var(--borica-color-background, #fff);
    --_mu: var(--borica-color-muted, #575e66);
    --_bd: var(--borica-color-border, #c9ced4);
    --_er: var(--borica-color-danger, #b42318);
    --_r: var(--borica-radius, 10px);
    font: var(--borica-font, 1rem/1.5 system-ui, sans-serif);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_p: var(--borica-color-primary, #8bbcff);
      --_on: var(--borica-color-on-primary, #0b1320);
      --_fg: var(--borica-color-text, #e8eaed);
      --_bg: var(--borica-color-background, #17191c);
      --_mu: var(--borica-color-muted, #aab1b9);
      --_bd: var(--borica-color-border, #454c55);
      --_er: var(--borica-color-danger, #ff9b90);
    }
  }
  @supports (color: lch(from red l c h)) {
    :host {
      --_on: var(--borica-color-on-primary, lch(from var(--_p) calc((49.4 - l) * 1e6) 0 0));
      --_pt: lch(from var(--_p) min(l, 48) c h);
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_pt: lch(from var(--_p) max(l, 66) c h);
      }
    }
  }
  :host([hidden]) {
    display: none;
  }
  [part~='base'] {
    background: var(--_bg);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    padding: clamp(0.75rem, 4vw, 1.5rem);
    box-sizing: border-box;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.25rem;
    line-height: 1.3;
    margin: 0 0 0.75rem;
  }
  h2:focus {
    outline: none;
  }
  p,
  ul {
    margin: 0.5rem 0;
  }
  a {
    color: var(--_pt);
  }
  [part~='countdown'],
  [part~='notice'],
  [part~='hint'],
  [part~='document-name'] {
    color: var(--_mu);
    font-size: 0.875rem;
  }
  button {
    font: inherit;
    min-height: 44px;
    border-radius: calc(var(--_r) * 0.6);
    box-sizing: border-box;
    padding: 0.5rem 1.25rem;
    border: 1px solid var(--_pt);
    background: none;
    color: var(--_pt);
    cursor: pointer;
  }
  [part~='primary'] {
    border-color: var(--_p);
    background: var(--_p);
    color: var(--_on);
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid var(--_pt);
    outline-offset: 2px;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 1rem;
  }
  [part~='error'] {
    color: var(--_er);
    font-size: 0.875rem;
    border: 1px solid;
    border-radius: var(--_r);
    padding: 0.75rem;
    margin: 1rem 0 0;
  }
  [part~='frame'] {
    display: block;
    width: 100%;
    height: min(80vh, 720px);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
  }
  canvas {
    display: block;
    background: #fff;
    padding: 8px;
    border-radius: 8px;
    max-width: 100%;
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { $, axeClean, cleanup, click, fakeSession, heading, mount, push, until } from './helpers.ts';

// the README's theming example, as an integrator pastes it
const README_THEME = `borica-identify { --borica-color-primary: #00665e; --borica-radius: 4px; }
borica-identify::part(primary) { text-transform: uppercase; }`;

/** Relative luminance (WCAG 2.x) of `rgb(…)` / `color(srgb …)` / `lch(…)`, as the browser computed it. */
function luminance(css: string): number {
  const c = document.createElement('canvas').getContext('2d')!;
  c.fillStyle = css;
  c.fillRect(0, 0, 1, 1);
  const [r, g, b] = [...c.getImageData(0, 0, 1, 1).data].map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const ratio = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

describe('contrast with any theme, light and dark', () => {
  afterEach(async () => {
    cleanup();
    document.getElementById('theme')?.remove();
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, css] of [
      ['default theme', ''],
      ["the README's example", README_THEME],
    ]) {
      it(`${scheme}, ${name}: axe finds no contrast problem at consent, errors, QR and the end`, async () => {
        await emulateMedia({ colorScheme: scheme });
        const style = Object.assign(document.createElement('style'), { id: 'theme', textContent: css });
        document.head.append(style);
        const f = await fakeSession({ startError: { status: 503, code: 'provider_unavailable' } });
        const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'qr' });
        await until(() => heading(m.el) === 'Confirm your identity');
        await axeClean(m.el);
        await click(m.el, 'I agree, continue');
        await until(() => $(m.el, '[role=alert]'));
        await axeClean(m.el);
        await click(m.el, 'Try again');
        await until(() => $(m.el, 'canvas'));
        await axeClean(m.el);
        await push(f.id, 'failed');
        await until(() => heading(m.el) === 'We could not confirm your identity.');
        await axeClean(m.el);
      });
    }
  }

  it('any primary colour: text on it and the primary as text keep 4.5:1, light and dark', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    const primary = $(m.el, 'button[part~=primary]')!;
    const secondary = $(m.el, 'button:not([part~=primary])')!;
    const link = $(m.el, 'a[part=link]')!;
    const card = $(m.el, '[part=base]')!;
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      // dark, mid and light greys and hues, saturated and pale, and the awkward middle
      for (const colour of [
        '#000000',
        '#00665e',
        '#0a58ca',
        '#777777',
        '#e30613',
        '#ffcc00',
        '#8bbcff',
        '#ffffff',
        '#7f7f7f',
        '#3cb371',
      ]) {
        m.el.style.setProperty('--borica-color-primary', colour);
        const on = getComputedStyle(primary);
        const what = `${scheme} ${colour}`;
        expect(ratio(on.color, on.backgroundColor), `${what}: button text`).to.be.at.least(4.5);
        const bg = getComputedStyle(card).backgroundColor;
        expect(ratio(getComputedStyle(link).color, bg), `${what}: link`).to.be.at.least(4.5);
        expect(ratio(getComputedStyle(secondary).color, bg), `${what}: secondary button`).to.be.at.least(4.5);
      }
    }
  });
});

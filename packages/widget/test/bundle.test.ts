import { expect } from '@open-wc/testing';
import { BoricaIdentify } from '../src/index.ts';
import { cleanup, fakeSession, sleep, until } from './helpers.ts';

const dist = new URL('../dist/borica-identify.js', import.meta.url).pathname;

describe('the built bundle', () => {
  afterEach(cleanup);

  it('contains no eval and no Function constructor', async () => {
    const code = await (await fetch(dist)).text();
    expect(code).to.not.match(/\beval\(|new Function\(/);
    // the QR code generator is not in it: a separate chunk, loaded only for display="qr"
    expect(code).to.not.contain('toCanvas');
    expect(code).to.match(/import\(["'`]\.\/qr-[\w-]+\.js["'`]\)/);
  });

  it('importing it next to the source does not define the tags twice', async () => {
    await import(/* @vite-ignore */ dist);
    expect(customElements.get('borica-identify')).to.equal(BoricaIdentify);
  });

  it('works under a strict CSP with Trusted Types (no inline script or style), QR included', async () => {
    const f = await fakeSession({ status: 'started' });
    const frame = document.createElement('iframe');
    frame.style.width = '600px';
    frame.style.height = '800px';
    const csp =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; " +
      "require-trusted-types-for 'script'";
    frame.srcdoc = `<!doctype html><html lang="en"><head>
      <meta http-equiv="Content-Security-Policy" content="${csp}">
      <script type="module" src="${dist}"></script></head>
      <body><borica-identify relay="${location.origin}" session="${f.id}" token="${f.token}" display="qr"></borica-identify></body></html>`;
    document.body.append(frame);
    try {
      await until(
        () => frame.contentDocument?.querySelector('borica-identify')?.shadowRoot?.querySelector('h2'),
        'rendered',
        5000,
      );
      const shadow = frame.contentDocument!.querySelector('borica-identify')!.shadowRoot!;
      await until(() => shadow.querySelector('h2')!.textContent!.startsWith('Started'), 'status', 5000);
      // the constructable stylesheet applied despite style-src 'self'
      const base = shadow.querySelector('[part=base]')!;
      expect(frame.contentWindow!.getComputedStyle(base).borderTopStyle).to.equal('solid');
      await until(() => (shadow.querySelector('canvas')?.width || 0) > 100, 'QR drawn', 5000);
      await sleep(0);
    } finally {
      frame.remove();
    }
  });
});

import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { $, cleanup, count, fakeSession, fakeState, heading, mount, push, until } from './helpers.ts';

const dist = new URL('../dist/borica-identify.js', import.meta.url).pathname;

/** The pathname a window shows, or '' while it is not readable (being navigated). */
const pathOf = (w: Window): string => {
  try {
    return w.location.pathname;
  } catch {
    return '';
  }
};

describe('popup and other windows', () => {
  afterEach(cleanup);

  it('popup: a real window, BORICA without an opener, closed by the widget the moment the session ends', async () => {
    const f = await fakeSession();
    const original = window.open;
    let w: Window | null = null;
    window.open = ((...a: Parameters<typeof window.open>) => (w = original.apply(window, a))) as typeof open;
    try {
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'popup' });
      await until(() => heading(m.el) === 'Confirm your identity');
      // a real key press: the browser lets a page open a window only from the customer's own action
      $(m.el, 'button[part~=primary]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => w && pathOf(w) === `/__fake/provider/${f.id}`, 'BORICA in the popup');
      const popup = w as unknown as Window;
      expect(popup.opener).to.equal(null);
      // the relay is told, so BORICA returns the customer to a light page in that window, not to this one
      expect((await fakeState(f.id)).startBody).to.deep.equal({ consent: true, display: 'popup' });
      await until(() => heading(m.el).startsWith('Started'));
      await push(f.id, 'completed');
      await until(() => heading(m.el) === 'Your identity is confirmed.');
      // closed in the same step that shows the end: well within 2 s of it
      expect(popup.closed).to.equal(true);
      await until(() => count(m, 'borica-complete') === 1);
    } finally {
      window.open = original;
      (w as Window | null)?.close();
    }
  });

  it('a light return page of the integrator is sent for popup, iframe and qr, never for redirect', async () => {
    for (const display of ['iframe', 'qr', 'redirect']) {
      const f = await fakeSession();
      const m = mount('borica-identify', {
        session: f.id,
        token: f.token,
        lang: 'en',
        display,
        'return-url': `${location.origin}/borica-done.html`,
      });
      await until(() => heading(m.el) === 'Confirm your identity');
      $(m.el, 'button[part~=primary]')!.click();
      await until(async () => (await fakeState(f.id)).startBody, 'started');
      const light = display === 'redirect' ? {} : { returnUrl: `${location.origin}/borica-done.html` };
      expect((await fakeState(f.id)).startBody, display).to.deep.equal({ consent: true, display, ...light });
    }
  });

  it('one terminal event per session per browser, also with a second widget in another window', async () => {
    const f = await fakeSession({ status: 'started' });
    const frame = document.createElement('iframe');
    // another browsing context of the same origin (as a popup or a second tab is), running the built bundle
    frame.srcdoc = `<!doctype html><html lang="en"><head><script type="module" src="${dist}"></script></head>
      <body><borica-identify relay="${location.origin}" session="${f.id}" token="${f.token}"></borica-identify></body></html>`;
    document.body.append(frame);
    try {
      const other = () => frame.contentDocument?.querySelector('borica-identify')?.shadowRoot;
      await until(
        () => other()?.querySelector('h2')?.textContent?.startsWith('Started'),
        'other window',
        5000,
      );
      const there: string[] = [];
      for (const type of ['borica-complete', 'borica-error', 'borica-cancel', 'borica-expire'])
        frame.contentDocument!.addEventListener(type, () => there.push(type));
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
      await until(() => heading(m.el).startsWith('Started'));
      await push(f.id, 'completed');
      await until(() => heading(m.el) === 'Your identity is confirmed.');
      await until(() => other()!.querySelector('h2')!.textContent === 'Your identity is confirmed.', 'both');
      await until(() => count(m, 'borica-complete') + there.length === 1, 'one event');
      // and it stays one: nothing else arrives later in either window
      await new Promise((r) => setTimeout(r, 200));
      expect(count(m, 'borica-complete') + there.length).to.equal(1);
    } finally {
      frame.remove();
    }
  });
});

import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { BoricaIdentify } from '../src/index.ts';
import {
  $,
  axeClean,
  cleanup,
  click,
  count,
  fakeSession,
  heading,
  mount,
  sleep,
  text,
  until,
} from './helpers.ts';

describe('language, texts, errors, focus, events', () => {
  afterEach(() => {
    cleanup();
    document.documentElement.removeAttribute('lang');
  });

  it("follows the page's language, and the lang attribute reactively", async () => {
    document.documentElement.lang = 'bg';
    const f = await fakeSession({ language: 'en' });
    const m = mount<BoricaIdentify>('borica-identify', { session: f.id, token: f.token });
    await until(() => heading(m.el) === 'Потвърдете самоличността си');
    expect(text(m.el)).to.contain('БОРИКА АД');
    expect($(m.el, '[part=base]')!.getAttribute('lang')).to.equal('bg');
    m.el.lang = 'en';
    await until(() => heading(m.el) === 'Confirm your identity');
    expect($(m.el, '[part=base]')!.getAttribute('lang')).to.equal('en');
    await axeClean(m.el);
  });

  it('the loading step is accessible too', async () => {
    const f = await fakeSession({ slow: 600 });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el) === 'Loading…');
    await axeClean(m.el);
    await until(() => heading(m.el) === 'Confirm your identity');
  });

  it('any text can be overridden through `strings`', async () => {
    const f = await fakeSession();
    const m = mount<BoricaIdentify>(
      'borica-identify',
      { session: f.id, token: f.token, lang: 'en' },
      { strings: { identify: 'Verify with BORICA', agree: 'Go on' } },
    );
    await until(() => heading(m.el) === 'Verify with BORICA');
    await click(m.el, 'Go on');
    await until(() => m.navigations.length === 1);
  });

  it('a relay error (503) is recoverable: borica-error, a Retry button, and Retry succeeds', async () => {
    const f = await fakeSession({ startError: { status: 503, code: 'provider_unavailable' } });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => $(m.el, '[role=alert]'));
    expect(m.events.filter((e) => e.type === 'borica-error').map((e) => e.detail)).to.deep.equal([
      { code: 'provider_unavailable', message: 'BORICA is not responding right now.', recoverable: true },
    ]);
    await axeClean(m.el);
    await click(m.el, 'Try again');
    await until(() => m.navigations.length === 1);
    expect($(m.el, '[role=alert]')).to.equal(null);
  });

  it('a bad token is not recoverable; rate limiting is', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: 'wrong', lang: 'en' });
    await until(() => heading(m.el) === 'Something went wrong.');
    expect(m.events.find((e) => e.type === 'borica-error')!.detail).to.deep.equal({
      code: 'unauthorized',
      message: 'This link is no longer valid.',
      recoverable: false,
    });
    expect(count(m, 'borica-ready')).to.equal(0);
    expect([...m.el.shadowRoot!.querySelectorAll('button')]).to.have.length(0);
    await axeClean(m.el);
    const g = await fakeSession({ startError: { status: 429, code: 'rate_limited' } });
    const n = mount('borica-identify', { session: g.id, token: g.token, lang: 'en' });
    await until(() => heading(n.el) === 'Confirm your identity');
    await click(n.el, 'I agree, continue');
    await until(() => count(n, 'borica-error') === 1);
    expect(n.events.find((e) => e.type === 'borica-error')!.detail.recoverable).to.equal(true);
  });

  it('without session/token or method/reason: a clear, non-recoverable error', async () => {
    const m = mount('borica-identify', { lang: 'en' });
    await until(() => count(m, 'borica-error') === 1);
    expect(m.events[0]!.detail.code).to.equal('invalid_request');
  });

  it('the relay unreachable: a network error with Retry', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', {
      session: f.id,
      token: f.token,
      lang: 'en',
      relay: 'http://127.0.0.1:9',
    });
    await until(() => count(m, 'borica-error') === 1);
    expect(m.events[0]!.detail).to.deep.equal({
      code: 'network',
      message: 'No connection to the server. Check your internet connection.',
      recoverable: true,
    });
    m.el.setAttribute('relay', '');
    await until(() => heading(m.el) === 'Confirm your identity');
  });

  it('keyboard only: Tab reaches the consent button, Enter starts; focus moves to the new heading', async () => {
    const f = await fakeSession({ method: 'mobile' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    // loading the widget does not steal focus from the page
    expect(document.activeElement).to.equal(document.body);
    const primary = $<HTMLButtonElement>(m.el, 'button[part~=primary]')!;
    const visited: string[] = [];
    for (let i = 0; i < 8 && m.el.shadowRoot!.activeElement !== primary; i++) {
      await sendKeys({ press: 'Tab' });
      visited.push(m.el.shadowRoot!.activeElement?.textContent?.trim() || '');
    }
    expect(visited).to.deep.equal(['Terms of use', 'Privacy notice', 'I agree, continue']);
    // the focus ring is visible
    expect(getComputedStyle(primary).outlineStyle).to.equal('solid');
    await sendKeys({ press: 'Enter' });
    await until(() => heading(m.el).startsWith('Started'));
    await until(() => m.el.shadowRoot!.activeElement === $(m.el, 'h2'));
    await sendKeys({ press: 'Tab' });
    expect(m.el.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Cancel');
    await sendKeys({ press: 'Enter' });
    await until(() => heading(m.el) === 'The identification was cancelled.');
  });

  it('dark colour scheme: no contrast problems either', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const f = await fakeSession({ startError: { status: 503, code: 'provider_unavailable' } });
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'bg' });
      await until(() => heading(m.el) === 'Потвърдете самоличността си');
      expect(getComputedStyle($(m.el, '[part=base]')!).backgroundColor).to.equal('rgb(23, 25, 28)');
      await click(m.el, 'Съгласен съм, продължи');
      await until(() => $(m.el, '[role=alert]'));
      await axeClean(m.el);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('events bubble out of the shadow root and through the document', async () => {
    const f = await fakeSession();
    const seen: string[] = [];
    const listener = (e: Event) => seen.push(`${e.type}:${e.bubbles}:${e.composed}`);
    document.addEventListener('borica-ready', listener);
    try {
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
      // typed through GlobalEventHandlersEventMap: tsc checks these details
      let kind: 'identification' | 'signing' | undefined;
      m.el.addEventListener('borica-ready', (e) => {
        kind = e.detail.kind;
      });
      m.el.addEventListener('borica-error', (e) => e.detail.recoverable satisfies boolean);
      await until(() => heading(m.el) === 'Confirm your identity');
      expect(seen).to.deep.equal(['borica-ready:true:true']);
      expect(kind).to.equal('identification');
    } finally {
      document.removeEventListener('borica-ready', listener);
    }
  });

  it('fits a 320 px wide container without horizontal overflow', async () => {
    const f = await fakeSession({ documents: [] });
    const box = document.createElement('div');
    box.style.width = '320px';
    document.body.append(box);
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'bg', display: 'qr' });
    box.append(m.el);
    await until(() => heading(m.el) === 'Потвърдете самоличността си');
    const base = $(m.el, '[part=base]')!;
    expect(base.scrollWidth).to.be.at.most(320);
    box.remove();
    await sleep(0);
  });
});

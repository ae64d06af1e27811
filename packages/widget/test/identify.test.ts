import { expect } from '@open-wc/testing';
import type { BoricaIdentify } from '../src/index.ts';
import {
  $,
  axeClean,
  cleanup,
  click,
  count,
  fakeSession,
  fakeState,
  heading,
  mount,
  push,
  text,
  until,
} from './helpers.ts';

describe('<borica-identify> token mode', () => {
  afterEach(cleanup);

  it('loads the session and shows consent: reason, BORICA as processor, links, explicit button', async () => {
    const f = await fakeSession({ reason: 'Opening a savings account' });
    const m = mount<BoricaIdentify>('borica-identify', {
      session: f.id,
      token: f.token,
      lang: 'en',
      'terms-url': 'https://rp.example/terms',
    });
    await until(() => heading(m.el) === 'Confirm your identity');
    expect(text(m.el)).to.contain('Opening a savings account');
    expect(text(m.el)).to.contain('BORICA AD, a qualified trust service provider');
    expect($<HTMLAnchorElement>(m.el, 'a[href="https://rp.example/terms"]')?.textContent).to.equal(
      'Terms of use',
    );
    expect(text(m.el)).to.match(/Time left: 1[45]:\d\d/);
    expect(count(m, 'borica-ready')).to.equal(1);
    expect(m.events[0]!.detail).to.deep.equal({ id: f.id, kind: 'identification', status: 'created' });
    // nothing reaches the provider before consent
    expect((await fakeState(f.id)).log).to.deep.equal([`GET /v1/client/sessions/${f.id}`]);
    await axeClean(m.el);
  });

  it('redirect: consent starts the session and leaves for BORICA through navigate()', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    expect(m.navigations[0]).to.equal(`/__fake/provider/${f.id}`);
    const start = m.events.find((e) => e.type === 'borica-start')!;
    expect(start.detail).to.deep.equal({
      id: f.id,
      kind: 'identification',
      redirectUrl: `/__fake/provider/${f.id}`,
    });
    expect((await fakeState(f.id)).status).to.equal('started');
    expect(text(m.el)).to.contain('Taking you to BORICA');
    await axeClean(m.el);
  });

  it('popup: opens a window inside the click and points it at BORICA', async () => {
    const f = await fakeSession();
    const fakeWindow = { opener: window as unknown, location: { href: '' }, close() {} };
    const original = window.open;
    window.open = (() => fakeWindow) as unknown as typeof window.open;
    try {
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'popup' });
      await until(() => heading(m.el) === 'Confirm your identity');
      await click(m.el, 'I agree, continue');
      await until(() => fakeWindow.location.href !== '');
      expect(fakeWindow.location.href).to.equal(`/__fake/provider/${f.id}`);
      expect(fakeWindow.opener).to.equal(null);
      await until(() => text(m.el).includes('Continue in the BORICA window'));
      expect(m.navigations).to.have.length(0);
      await axeClean(m.el);
    } finally {
      window.open = original;
    }
  });

  it('popup blocked: shows a link to open BORICA instead', async () => {
    const f = await fakeSession();
    const original = window.open;
    window.open = (() => null) as typeof window.open;
    try {
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'popup' });
      await until(() => heading(m.el) === 'Confirm your identity');
      await click(m.el, 'I agree, continue');
      await until(() => text(m.el).includes('Your browser blocked the new window.'));
      const a = $<HTMLAnchorElement>(m.el, 'a[part=link]')!;
      expect(a.getAttribute('href')).to.equal(`/__fake/provider/${f.id}`);
      expect(a.target).to.equal('_blank');
      expect(a.textContent).to.equal('Open the BORICA page');
    } finally {
      window.open = original;
    }
  });

  it('iframe: BORICA inline with camera and microphone delegated, and a new-tab escape', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'iframe' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => $(m.el, 'iframe'));
    const frame = $<HTMLIFrameElement>(m.el, 'iframe')!;
    expect(frame.getAttribute('allow')).to.equal('camera; microphone');
    expect(frame.getAttribute('src')).to.equal(`/__fake/provider/${f.id}`);
    expect(frame.title).to.equal('BORICA B-Trust identification');
    expect($<HTMLAnchorElement>(m.el, 'a[target=_blank]')?.textContent).to.equal('Open in a new tab');
    await axeClean(m.el);
  });

  it('qr: draws a QR code of the BORICA link, with a same-device button', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'qr' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => ($<HTMLCanvasElement>(m.el, 'canvas')?.width || 0) > 100, 'QR drawn');
    const canvas = $<HTMLCanvasElement>(m.el, 'canvas')!;
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i]! < 64) dark++;
    expect(dark).to.be.greaterThan(1000);
    expect(canvas.getAttribute('role')).to.equal('img');
    expect(text(m.el)).to.contain('Continue on your phone');
    // this page keeps following (and showing) the QR code: BORICA opens in a window of the widget's own
    const win = { opener: window as unknown, location: { href: '' }, closed: false, close() {} };
    const original = window.open;
    window.open = (() => win) as unknown as typeof window.open;
    try {
      await click(m.el, 'Continue on this device');
      expect(win.location.href).to.equal(`/__fake/provider/${f.id}`);
      expect(win.opener).to.equal(null);
      expect(m.navigations).to.deep.equal([]);
    } finally {
      window.open = original;
    }
    await axeClean(m.el);
  });

  it('mobile: no page to open; tells the customer to confirm in B-Trust MOBILE', async () => {
    const f = await fakeSession({ method: 'mobile' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'popup' });
    await until(() => heading(m.el) === 'Confirm your identity');
    expect(text(m.el)).to.contain('B-Trust MOBILE app');
    await click(m.el, 'I agree, continue');
    await until(() =>
      text(m.el).includes('Open the B-Trust MOBILE app on your phone and confirm the request.'),
    );
    expect(m.navigations).to.have.length(0);
    await push(f.id, 'in_progress', { status: 'IN_PROGRESS' });
    // the provider's IN_PROGRESS says the same as our status: said once, not twice
    await until(() => heading(m.el) === 'In progress');
  });
});

import { STATUSES } from '@borica-identify/protocol/constants';
import { expect } from '@open-wc/testing';
import bg from '../src/i18n/bg.ts';
import en from '../src/i18n/en.ts';
import type { BoricaElement } from '../src/index.ts';
import { $, cleanup, click, fakeSession, heading, mount, post, root, text, until } from './helpers.ts';

/** Names that stay as they are in either language. Anything else Latin in Bulgarian is English. */
const BRANDS = /B-Trust|MOBILE|QR|SMS|\+359\d+|\.pdf\b/g;

/** Everything a customer sees or hears: text, and the attributes screen readers and tooltips read. */
function said(el: Element): string {
  const r = root(el);
  const attrs = [...r.querySelectorAll('*')].flatMap((n) =>
    ['aria-label', 'title', 'alt', 'placeholder'].map((a) => n.getAttribute(a) || ''),
  );
  return [r.textContent || '', ...attrs].join(' ').replace(/\s+/g, ' ');
}

function oneLanguage(lang: 'bg' | 'en', what: string, s: string): void {
  if (lang === 'bg') {
    const english = s.replace(BRANDS, '').match(/[A-Za-z]{2,}[^.,:;!?…]*/g);
    expect(english, `${what}: English in Bulgarian: ${s}`).to.equal(null);
    // one spelling of the brand per language
    expect(s, what).not.to.contain('BORICA');
  } else {
    expect(s.match(/[\u0400-\u04FF]+/g), `${what}: Cyrillic in English: ${s}`).to.equal(null);
    expect(s, what).not.to.contain('БОРИКА');
  }
}

const strings = (o: object): string[] =>
  Object.values(o).flatMap((v) =>
    typeof v === 'string' ? [v] : typeof v === 'function' ? [v('1:05')] : strings(v),
  );

const texts = {
  bg: { reason: 'Откриване на сметка', documents: [{ fileName: 'договор.pdf', title: 'Договор за кредит' }] },
  en: { reason: 'Account opening', documents: [{ fileName: 'contract.pdf', title: 'Loan contract' }] },
};

describe('one language end to end', () => {
  afterEach(cleanup);

  for (const [lang, table] of [
    ['bg', bg],
    ['en', en],
  ] as const) {
    it(`${lang}: every text of the table is in ${lang}, with one spelling of BORICA`, () => {
      for (const s of strings(table)) oneLanguage(lang, 'table', s);
    });

    const { reason, documents } = texts[lang];
    /** Checks, then removes the element: its status stream would hold one of the browser's 6 connections. */
    const check = async (el: BoricaElement, what: string, keep = false) => {
      expect($(el, '[part=base]')!.getAttribute('lang'), what).to.equal(lang);
      oneLanguage(lang, what, said(el));
      if (!keep) el.remove();
    };
    const show = async (o: Record<string, unknown>, attrs: Record<string, string> = {}) => {
      const f = await fakeSession({ reason, documents, ...o });
      const m = mount('borica-identify', { session: f.id, token: f.token, lang, ...attrs });
      await until(() => heading(m.el) && heading(m.el) !== (lang === 'bg' ? bg.loading : en.loading));
      return { f, m };
    };

    it(`${lang}: every status renders in ${lang} only`, async () => {
      // every status, with a provider value beside it
      for (const status of STATUSES) {
        const { m } = await show({ status, provider: { status: 'IN_PROGRESS', step: 'OTP' } });
        await check(m.el, status);
      }
    });

    it(`${lang}: consent and every hand-off renders in ${lang} only`, async () => {
      // every hand-off mode (a popup window the test provides), and B-Trust MOBILE
      const original = window.open;
      window.open = (() => null) as typeof window.open;
      try {
        for (const display of ['redirect', 'popup', 'iframe', 'qr']) {
          const { m } = await show({}, { display });
          await check(m.el, `consent ${display}`, true);
          $(m.el, 'button[part~=primary]')!.click();
          await until(() => heading(m.el) !== (lang === 'bg' ? bg.identify : en.identify));
          await check(m.el, `hand-off ${display}`);
        }
      } finally {
        window.open = original;
      }
      const { m: mobile } = await show({ method: 'mobile', status: 'started' });
      await check(mobile.el, 'mobile');
      // signing consent
      const sf = await fakeSession({ kind: 'signing', documents });
      const sign = mount('borica-sign', { session: sf.id, token: sf.token, lang });
      await until(() => heading(sign.el) === (lang === 'bg' ? bg.sign : en.sign));
      await check(sign.el, 'signing');
    });

    it(`${lang}: failures, errors and "connection lost" render in ${lang} only`, async () => {
      // a failure with its reason and Try again
      const { f: failed, m: fm } = await show({ status: 'started' });
      await post(`/__fake/sessions/${failed.id}/push`, {
        status: 'failed',
        error: { code: 'identification_denied' },
      });
      await until(() =>
        text(fm.el).includes(
          lang === 'bg' ? bg.failures.identification_denied : en.failures.identification_denied,
        ),
      );
      await check(fm.el, 'failure');
      // a relay error, the error step, a network error, "connection lost"
      const { m: rl } = await show({ startError: { status: 503, code: 'provider_unavailable' } });
      $(rl.el, 'button[part~=primary]')!.click();
      await until(() => $(rl.el, '[role=alert]'));
      await check(rl.el, 'relay error');
      const bad = mount('borica-identify', { session: 'nope', token: 'nope', lang });
      await until(() => heading(bad.el) === (lang === 'bg' ? bg.error : en.error));
      await check(bad.el, 'error step');
      const f = await fakeSession();
      const net = mount('borica-identify', {
        session: f.id,
        token: f.token,
        lang,
        relay: 'http://127.0.0.1:9',
      });
      await until(() => $(net.el, '[role=alert]'));
      expect(text(net.el)).to.contain(lang === 'bg' ? bg.errors.network : en.errors.network);
      await check(net.el, 'network');
      const { f: lf, m: lost } = await show({ status: 'started' });
      await until(async () => (await post(`/__fake/sessions/${lf.id}/push`, { down: true })).ok);
      await until(() => text(lost.el).includes(lang === 'bg' ? bg.reconnecting : en.reconnecting));
      await check(lost.el, 'connection lost');
    });

    it(`${lang}: a field the relay refuses is marked at the field, in ${lang}`, async () => {
      const m = mount('borica-identify', { method: 'mobile', reason, lang });
      await until(() => $(m.el, '#id'));
      const type = (field: string, value: string) => {
        const i = $<HTMLInputElement | HTMLSelectElement>(m.el, `#${field}`)!;
        i.value = value;
        i.dispatchEvent(new Event(i.localName === 'select' ? 'change' : 'input'));
      };
      type('id', '7805166742');
      type('dateOfBirth', '1978-05-16');
      type('phone', '+359888123456');
      // the fake relay refuses this person's id (as a relay with other rules than this widget's would)
      type('email', 'refused@example.com');
      await click(m.el, lang === 'bg' ? bg.agree : en.agree);
      const t = lang === 'bg' ? bg : en;
      await until(() => $(m.el, '#id-e')!.textContent!.trim() === t.problems.rejected);
      expect($(m.el, '#id')!.getAttribute('aria-invalid')).to.equal('true');
      expect($(m.el, '[role=alert]')!.textContent!.trim()).to.equal(t.errors.invalid_request);
      oneLanguage(lang, 'refused field', said(m.el));
      // a new value: the relay's verdict was about the old one
      type('id', '7805166743');
      await until(() => $(m.el, '#id-e')!.textContent!.trim() !== t.problems.rejected);
    });
  }

  it("without a lang anywhere the session's language is used, and the start tells the relay the mode", async () => {
    for (const language of ['en', 'bg'] as const) {
      const f = await fakeSession({ language });
      const m = mount('borica-identify', { session: f.id, token: f.token, display: 'qr' });
      const t = language === 'bg' ? bg : en;
      await until(() => heading(m.el) === t.identify);
      await click(m.el, t.agree);
      await until(() => heading(m.el).startsWith(t.status.started));
      oneLanguage(language, 'session language', said(m.el));
    }
  });
});

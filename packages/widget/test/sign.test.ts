import { expect } from '@open-wc/testing';
import type { BoricaSign } from '../src/index.ts';
import {
  $,
  axeClean,
  cleanup,
  click,
  count,
  fakeSession,
  heading,
  mount,
  push,
  text,
  until,
} from './helpers.ts';

const documents = [
  { fileName: 'contract.pdf', title: 'Loan contract' },
  { fileName: 'terms.pdf', title: 'General terms' },
];

describe('<borica-sign>', () => {
  afterEach(cleanup);

  it('lists the documents, asks for consent, hands off, and completes', async () => {
    const f = await fakeSession({ kind: 'signing', documents });
    const m = mount<BoricaSign>('borica-sign', {
      session: f.id,
      token: f.token,
      lang: 'en',
      display: 'iframe',
    });
    await until(() => heading(m.el) === 'Sign documents');
    const items = [...m.el.shadowRoot!.querySelectorAll('[part=document]')].map((li) =>
      li.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(items).to.deep.equal(['Loan contract contract.pdf', 'General terms terms.pdf']);
    expect(text(m.el)).to.contain('one-time qualified certificate');
    await axeClean(m.el);
    await click(m.el, 'I agree, sign');
    await until(() => $(m.el, 'iframe'));
    expect(m.events.find((e) => e.type === 'borica-start')!.detail.kind).to.equal('signing');
    await push(f.id, 'in_progress', { status: 'SIGNING_CLIENT_DOCUMENT' });
    await until(() => heading(m.el) === 'In progress: Signing your documents');
    await push(f.id, 'completed', { step: 'SIGNING_WITH_SIGN_SESSION_SUCCESS' });
    await until(() => heading(m.el) === 'Your documents are signed.');
    await until(() => count(m, 'borica-complete') === 1);
    expect(m.events.filter((e) => e.type === 'borica-complete').map((e) => e.detail)).to.deep.equal([
      { id: f.id, kind: 'signing' },
    ]);
    await axeClean(m.el);
  });

  it('in Bulgarian, an expired signing fires borica-expire once; starting again asks the host (borica-retry)', async () => {
    const f = await fakeSession({ kind: 'signing', documents, status: 'started' });
    const m = mount('borica-sign', { session: f.id, token: f.token, lang: 'bg' });
    await until(() => heading(m.el) === 'Започнато');
    await push(f.id, 'expired');
    await until(() => heading(m.el) === 'Времето за подписване изтече.');
    await until(() => count(m, 'borica-expire') === 1);
    // only the relying party's backend can create a signing: the widget asks the page for one
    const fresh = await fakeSession({ kind: 'signing', documents });
    m.el.addEventListener('borica-retry', () => {
      m.el.setAttribute('session', fresh.id);
      m.el.setAttribute('token', fresh.token);
    });
    await click(m.el, 'Започни отначало');
    expect(m.events.filter((e) => e.type === 'borica-retry').map((e) => e.detail)).to.deep.equal([
      { id: f.id, kind: 'signing', status: 'expired' },
    ]);
    await until(() => heading(m.el) === 'Подписване на документи');
    expect(count(m, 'borica-expire')).to.equal(1);
  });
});

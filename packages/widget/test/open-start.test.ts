import { expect } from '@open-wc/testing';
import {
  $,
  axeClean,
  cleanup,
  click,
  count,
  fakeState,
  heading,
  mount,
  push,
  sleep,
  text,
  until,
} from './helpers.ts';

function type(el: Element, field: string, value: string, blur = true): void {
  const i = $<HTMLInputElement | HTMLSelectElement>(el, `#${field}`)!;
  i.value = value;
  i.dispatchEvent(new Event(i.localName === 'select' ? 'change' : 'input'));
  if (blur) i.dispatchEvent(new Event('blur'));
}
const problem = (el: Element, field: string) => $(el, `#${field}-e`)!.textContent!.trim();

describe('open start', () => {
  afterEach(cleanup);

  it('web: creates the session only after consent, then hands off; survives the redirect back', async () => {
    const attrs = { method: 'web', reason: 'Loan application', lang: 'en', id: 'kyc' };
    const m = mount('borica-identify', attrs);
    await until(() => heading(m.el) === 'Confirm your identity');
    expect(text(m.el)).to.contain('Loan application');
    expect(m.events[0]).to.deep.equal({
      type: 'borica-ready',
      detail: { id: undefined, kind: 'identification', status: undefined },
    });
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    const id = m.events.find((e) => e.type === 'borica-start')!.detail.id as string;
    const st = await fakeState(id);
    expect(st.body).to.deep.equal({
      method: 'web',
      reason: 'Loan application',
      language: 'en',
      returnUrl: location.href,
    });
    expect(m.navigations[0]).to.equal(`/__fake/provider/${id}`);

    // the page comes back from BORICA: a fresh element with the same attributes finds its session
    m.el.remove();
    await push(id, 'in_progress', { step: 'WEB_IDV_REGISTRATION' });
    const back = mount('borica-identify', attrs);
    await until(() => heading(back.el) === 'In progress: Video identification in progress');
    expect(back.navigations).to.have.length(0);
    // another instance on the same page (other id) is not confused with it
    const other = mount('borica-identify', { ...attrs, id: 'other' });
    await until(() => heading(other.el) === 'Confirm your identity');
    await push(id, 'completed');
    await until(() => count(back, 'borica-complete') === 1);
    expect(count(other, 'borica-complete')).to.equal(0);
  });

  it('after an unsuccessful end offers to start again with a new session', async () => {
    const m = mount('borica-identify', { method: 'web', reason: 'KYC', lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    await click(m.el, 'Cancel');
    await until(() => heading(m.el) === 'The identification was cancelled.');
    await click(m.el, 'Start again');
    await until(() => heading(m.el) === 'Confirm your identity');
    // focus follows the flow to the new step's heading
    await until(() => m.el.shadowRoot!.activeElement?.localName === 'h2');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 2);
    expect(m.navigations[0]).to.not.equal(m.navigations[1]);
  });

  it('mobile: validates as the customer types, in English', async () => {
    const m = mount('borica-identify', { method: 'mobile', reason: 'KYC', lang: 'en' });
    await until(() => $(m.el, '#id'));
    // the form's rules come with its chunk: full-width fields, 44 px touch targets
    const input = getComputedStyle($(m.el, '#id')!);
    expect(input.minHeight).to.equal('44px');
    expect(input.width).to.equal(getComputedStyle($(m.el, '[part=form]')!).width);
    type(m.el, 'id', '7501020019');
    await until(() => problem(m.el, 'id') === 'This is not a valid EGN.');
    expect($(m.el, '#id')!.getAttribute('aria-invalid')).to.equal('true');
    type(m.el, 'idType', 'LNC');
    await until(() => problem(m.el, 'id') === 'This is not a valid LNC.');
    type(m.el, 'idType', 'EGN');
    type(m.el, 'id', '7501020018');
    await until(() => problem(m.el, 'id') === '');
    type(m.el, 'dateOfBirth', '1975-02-01');
    await until(() => problem(m.el, 'dateOfBirth') === 'Does not match the birth date in the EGN.');
    type(m.el, 'phone', '0888123456');
    await until(() => problem(m.el, 'phone') === 'Use the format +359888123456.');
    type(m.el, 'email', 'ivan@');
    await until(() => problem(m.el, 'email') === 'This is not a valid e-mail address.');
    await axeClean(m.el);
    // not while typing a first value: only after leaving the field
    type(m.el, 'phone', '+35988', false);
    await until(() => problem(m.el, 'phone') === 'Use the format +359888123456.');
  });

  it('mobile: messages in Bulgarian; the button reveals every problem and focuses the first', async () => {
    const m = mount('borica-identify', { method: 'mobile', reason: 'KYC', lang: 'bg' });
    await until(() => $(m.el, '#id'));
    type(m.el, 'id', '1234567890');
    await until(() => problem(m.el, 'id') === 'Това не е валидно ЕГН.');
    await click(m.el, 'Съгласен съм, продължи');
    await until(() => problem(m.el, 'phone') === 'Попълнете полето.');
    expect(problem(m.el, 'email')).to.equal('Попълнете полето.');
    expect(problem(m.el, 'dateOfBirth')).to.equal('Попълнете полето.');
    await until(() => m.el.shadowRoot!.activeElement?.id === 'id');
    expect(m.events.some((e) => e.type === 'borica-start')).to.equal(false);
    type(m.el, 'email', 'ivan@example');
    await until(() => problem(m.el, 'email') === 'Това не е валиден имейл адрес.');
  });

  it('mobile: a valid person is sent and the customer is pointed to the app', async () => {
    const m = mount('borica-identify', { method: 'mobile', reason: 'KYC', lang: 'en' });
    await until(() => $(m.el, '#id'));
    type(m.el, 'idType', 'LNC');
    type(m.el, 'id', ' 1000000001 ');
    type(m.el, 'dateOfBirth', '1990-05-06');
    type(m.el, 'phone', '+359888123456');
    type(m.el, 'email', 'ivan@example.com');
    await click(m.el, 'I agree, continue');
    await until(() => text(m.el).includes('Open the B-Trust MOBILE app on your phone'));
    const id = m.events.find((e) => e.type === 'borica-start')!.detail.id as string;
    const body = (await fakeState(id)).body!;
    expect(body.method).to.equal('mobile');
    expect(body.person).to.deep.equal({
      idType: 'LNC',
      id: '1000000001',
      dateOfBirth: '1990-05-06',
      phone: '+359888123456',
      email: 'ivan@example.com',
    });
    await sleep(10);
    expect(m.navigations).to.have.length(0);
  });
});

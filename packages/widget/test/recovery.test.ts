import { expect } from '@open-wc/testing';
import { timing } from '../src/index.ts';
import {
  $,
  cleanup,
  click,
  count,
  fakeSession,
  fakeState,
  heading,
  mount,
  post,
  push,
  text,
  until,
} from './helpers.ts';

const started = (o: Record<string, unknown> = {}) => fakeSession({ status: 'started', ...o });
const down = (id: string, value: boolean) => post(`/__fake/sessions/${id}/push`, { down: value });
const polls = async (id: string) => (await fakeState(id)).log.filter((l) => l.endsWith(id)).length;

describe('recovery', () => {
  afterEach(cleanup);

  it('offline → online: says the connection is lost, keeps polling steadily, and recovers on its own', async () => {
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    await until(async () => (await fakeState(f.id)).subscribers === 1, 'stream');
    await down(f.id, true);
    await until(() => text(m.el).includes('Connection lost. Reconnecting…'), 'notice');
    expect($(m.el, '[role=status]')!.textContent).to.equal('Connection lost. Reconnecting…');
    // polling goes on at its interval while down, the stream is retried beside it
    const before = await polls(f.id);
    await until(async () => (await polls(f.id)) >= before + 3, 'steady polling while down');
    // the customer finished meanwhile; the relay comes back
    await push(f.id, 'completed');
    await down(f.id, false);
    await until(() => heading(m.el) === 'Your identity is confirmed.');
    expect(text(m.el)).not.to.contain('Connection lost');
    await until(() => count(m, 'borica-complete') === 1);
  });

  it('the online event resyncs at once, without waiting for the next poll or retry', async () => {
    const saved = { ...timing };
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    await until(async () => (await fakeState(f.id)).subscribers === 1, 'stream');
    // from now on nothing would be retried within this test on its own
    Object.assign(timing, { retry: 60_000, maxRetry: 60_000, poll: 60_000 });
    try {
      await down(f.id, true);
      await until(() => text(m.el).includes('Connection lost'), 'notice');
      await push(f.id, 'completed');
      await down(f.id, false);
      dispatchEvent(new Event('online'));
      await until(() => heading(m.el) === 'Your identity is confirmed.', 'resynced');
    } finally {
      Object.assign(timing, saved);
    }
  });

  it('back from BORICA through the back/forward cache: the current state, not consent again', async () => {
    const f = await fakeSession();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'redirect' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    // the page was frozen while the customer was at BORICA, and is shown again as it was left
    await push(f.id, 'in_progress', { step: 'WEB_IDV_REGISTRATION' });
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await until(() => heading(m.el) === 'In progress: Video identification in progress');
    expect(text(m.el)).not.to.contain('Taking you to BORICA');
    expect(text(m.el)).not.to.contain('I agree');
  });

  it('a failure says why (error.code) and offers Try again: borica-retry, answered with a new session', async () => {
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    await post(`/__fake/sessions/${f.id}/push`, {
      status: 'failed',
      error: { code: 'identification_failed' },
    });
    await until(() => heading(m.el) === 'We could not confirm your identity.');
    await until(() => text(m.el).includes('The video identification was not successful.'));
    await until(() => count(m, 'borica-error') === 1);
    expect(m.events.find((e) => e.type === 'borica-error')!.detail).to.deep.equal({
      code: 'identification_failed',
      message: 'The video identification was not successful.',
      recoverable: false,
    });
    const next = await fakeSession();
    m.el.addEventListener('borica-retry', () => Object.assign(m.el, { session: next.id, token: next.token }));
    await click(m.el, 'Try again');
    expect(m.events.find((e) => e.type === 'borica-retry')!.detail).to.deep.equal({
      id: f.id,
      kind: 'identification',
      status: 'failed',
      code: 'identification_failed',
    });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    expect(m.navigations[0]).to.equal(`/__fake/provider/${next.id}`);
  });

  it('open start: Try again after a failure starts a new session by itself', async () => {
    const m = mount('borica-identify', { method: 'web', reason: 'KYC', lang: 'en' });
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 1);
    const first = m.events.find((e) => e.type === 'borica-start')!.detail.id as string;
    await push(first, 'failed');
    await click(m.el, 'Try again');
    await until(() => heading(m.el) === 'Confirm your identity');
    await click(m.el, 'I agree, continue');
    await until(() => m.navigations.length === 2);
    expect(m.navigations[1]).to.not.equal(m.navigations[0]);
    expect(count(m, 'borica-retry')).to.equal(0);
  });
});

import { expect } from '@open-wc/testing';
import { whenDone } from '../src/index.ts';
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
  post,
  push,
  sleep,
  text,
  until,
} from './helpers.ts';

const started = (o: Record<string, unknown> = {}) => fakeSession({ status: 'started', ...o });

describe('live status', () => {
  afterEach(cleanup);

  const cases = [
    ['completed', 'borica-complete', 'Your identity is confirmed.'],
    ['failed', 'borica-error', 'We could not confirm your identity.'],
    ['cancelled', 'borica-cancel', 'The identification was cancelled.'],
    ['expired', 'borica-expire', 'The time for the identification ran out.'],
  ] as const;
  for (const [status, event, sentence] of cases) {
    it(`${status}: fires ${event} once, says so, resolves whenDone`, async () => {
      const f = await started();
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
      await until(() => heading(m.el).startsWith('Started'));
      await push(f.id, 'in_progress', { status: 'IN_PROGRESS', step: 'WEB_IDV_REGISTRATION' });
      await until(() => heading(m.el) === 'In progress: Video identification in progress');
      expect(m.events.at(-1)).to.deep.equal({
        type: 'borica-status',
        detail: { status: 'in_progress', provider: { status: 'IN_PROGRESS', step: 'WEB_IDV_REGISTRATION' } },
      });
      const done = whenDone(m.el);
      await push(f.id, status);
      await until(() => heading(m.el) === sentence);
      expect(await done).to.deep.equal({ status, id: f.id, kind: 'identification' });
      await until(() => count(m, event) === 1);
      if (status === 'failed') {
        expect(m.events.find((e) => e.type === 'borica-error')!.detail).to.deep.equal({
          code: 'failed',
          message: sentence,
          recoverable: false,
        });
      }
      // the live region announces the same sentence
      expect($(m.el, '[role=status]')!.textContent).to.equal(sentence);
      await axeClean(m.el);
      // a reload of the page: the state is shown again, the terminal event is not fired twice
      m.el.remove();
      const again = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
      await until(() => heading(again.el) === sentence);
      expect(await whenDone(again.el)).to.deep.equal({ status, id: f.id, kind: 'identification' });
      await sleep(50);
      expect(count(again, event)).to.equal(0);
    });
  }

  it('gives registration and review statuses a sentence (awaiting review)', async () => {
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'bg' });
    await until(() => heading(m.el).startsWith('Започнато'));
    await push(f.id, 'awaiting_review', { registrationStatus: 'COMPLETED', reviewStatus: 'FINALIZE_REJECT' });
    await until(() => heading(m.el) === 'Проверява се от оператор на БОРИКА');
    // a web identification under review has no page to open, and is no B-Trust MOBILE request either
    expect(text(m.el)).not.to.contain('B-Trust MOBILE');
    // BORICA already has the customer's identification: the relay refuses a cancel, so none is offered
    const labels = [...m.el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(labels).not.to.include('Откажи');
  });

  it('cancel button cancels at the relay and fires borica-cancel once', async () => {
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en', display: 'qr' });
    await until(() => heading(m.el).startsWith('Started'));
    await click(m.el, 'Cancel');
    await until(() => heading(m.el) === 'The identification was cancelled.');
    expect((await fakeState(f.id)).status).to.equal('cancelled');
    await sleep(100);
    expect(count(m, 'borica-cancel')).to.equal(1);
  });

  it('shows the time left, counting down', async () => {
    const f = await started({ expiresIn: 65_000 });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => /Time left: 1:0[45]/.test(text(m.el)));
    const first = $(m.el, '[part=countdown]')!.textContent;
    await until(() => $(m.el, '[part=countdown]')!.textContent !== first, 'tick', 2500);
  });

  it('SSE: one connection carries every event until the terminal one ends it', async () => {
    const f = await started();
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    for (const step of ['START', 'OTP', 'LOGIN']) {
      await push(f.id, 'in_progress', { step });
      await until(() => m.events.at(-1)!.detail.provider?.step === step);
    }
    await push(f.id, 'completed');
    await until(() => count(m, 'borica-complete') === 1);
    const st = await fakeState(f.id);
    expect(st.lastEventIds).to.deep.equal([0]);
    expect(st.log.filter((l) => l.endsWith(f.id))).to.have.length(1);
  });

  it('SSE: resumes with Last-Event-ID after the stream drops, no event twice', async () => {
    const f = await started({ sse: 'drop' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    // Each event is pushed once the widget is back on the stream: pushed while it is away (a loaded
    // machine delays the reconnect), the widget's poll may show it first and the next reconnect then
    // rightly carries a later id.
    const resubscribed = () =>
      until(async () => (await fakeState(f.id)).subscribers === 1, 'stream back', 5000);
    await until(() => heading(m.el).startsWith('Started'));
    await resubscribed();
    await push(f.id, 'in_progress', { step: 'OTP' });
    await until(() => heading(m.el) === 'In progress: Sending you an SMS code');
    await resubscribed();
    await push(f.id, 'in_progress', { step: 'LOGIN' });
    await until(() => heading(m.el) === 'In progress: Checking your SMS code');
    await resubscribed();
    await push(f.id, 'completed');
    await until(() => count(m, 'borica-complete') === 1);
    const st = await fakeState(f.id);
    // first connect without, every reconnect with the last id seen
    expect(st.lastEventIds[0]).to.equal(0);
    expect(st.lastEventIds.slice(1, 4)).to.deep.equal([1, 2, 3]);
    const statuses = m.events
      .filter((e) => e.type === 'borica-status')
      .map((e) => e.detail.provider.step ?? e.detail.status);
    expect(statuses).to.deep.equal(['started', 'OTP', 'LOGIN', 'completed']);
    expect(st.log.filter((l) => l === `GET /v1/client/sessions/${f.id}`)).to.have.length(1);
  });

  it('SSE failing (HTTP 500): polls meanwhile, retries the stream in the background, sees the outcome', async () => {
    const f = await started({ sse: 'fail' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    const polls = async () => (await fakeState(f.id)).log.filter((l) => l.endsWith(f.id)).length;
    await until(async () => (await polls()) >= 3, 'polling');
    await until(async () => (await fakeState(f.id)).lastEventIds.length >= 3, 'stream retried');
    await push(f.id, 'completed');
    await until(() => count(m, 'borica-complete') === 1);
    // the relay answers (polls get through): no "connection lost" for a stream-only problem
    expect(text(m.el)).not.to.contain('Connection lost');
  });

  it('the stream comes back: polling stops', async () => {
    const f = await started({ sse: 'fail' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    const polls = async () => (await fakeState(f.id)).log.filter((l) => l.endsWith(f.id)).length;
    await until(async () => (await polls()) >= 2, 'polling');
    await post(`/__fake/sessions/${f.id}/push`, { sse: 'ok' });
    await until(async () => (await fakeState(f.id)).subscribers === 1, 'stream back');
    const after = await polls();
    await sleep(400);
    expect(await polls()).to.equal(after);
    await push(f.id, 'completed');
    await until(() => count(m, 'borica-complete') === 1);
  });

  it('SSE buffered by a proxy (silence) falls back to polling', async () => {
    const f = await started({ sse: 'silent' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    await push(f.id, 'in_progress', { step: 'OTP' });
    await until(() => heading(m.el) === 'In progress: Sending you an SMS code', 'polled', 4000);
  });

  it('SSE refused with 429 (too many connections) polls, and retries the stream only rarely', async () => {
    const f = await started({ sse: '429' });
    const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
    await until(() => heading(m.el).startsWith('Started'));
    await push(f.id, 'expired');
    await until(() => count(m, 'borica-expire') === 1);
    // backed off to the longest wait at once (200 ms in these tests), not every 40 ms
    expect((await fakeState(f.id)).lastEventIds.length).to.be.at.most(3);
  });

  it('removal closes the stream and stops every timer: no request afterwards', async () => {
    for (const sse of ['ok', 'fail']) {
      const f = await started({ sse });
      const m = mount('borica-identify', { session: f.id, token: f.token, lang: 'en' });
      await until(() => heading(m.el).startsWith('Started'));
      await sleep(300);
      m.el.remove();
      await sleep(50);
      const before = (await fakeState(f.id)).log.length;
      await until(async () => (await fakeState(f.id)).subscribers === 0, 'stream closed');
      await sleep(400);
      expect((await fakeState(f.id)).log.length, sse).to.equal(before);
    }
  });

  it('several instances follow their own sessions', async () => {
    const [a, b] = await Promise.all([started(), started()]);
    const ma = mount('borica-identify', { session: a.id, token: a.token, lang: 'en' });
    const mb = mount('borica-identify', { session: b.id, token: b.token, lang: 'en' });
    await until(() => heading(ma.el).startsWith('Started') && heading(mb.el).startsWith('Started'));
    await push(b.id, 'completed');
    await until(() => count(mb, 'borica-complete') === 1);
    await sleep(100);
    expect(count(ma, 'borica-complete')).to.equal(0);
    expect(heading(ma.el)).to.match(/^Started/);
  });
});

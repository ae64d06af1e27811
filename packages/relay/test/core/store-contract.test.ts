/** One contract, every adapter: the API and flows rely on these semantics whatever RELAY_STORE says. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/index.ts';
import type { SessionEvent } from '../../src/store/types.ts';
import { sessionRecord } from './fixtures.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from './redis-server.ts';

const NOW = new Date('2026-01-01T10:05:00.000Z');

// The Redis adapter runs the same contract when redis-server is installed (it is in CI and scripts/).
const WITH_REDIS = hasRedisServer();
let redis: RedisServer | undefined;
let redisDb = 0;
beforeAll(async () => {
  if (WITH_REDIS) redis = await startRedisServer();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const adapters: [string, (dir: string) => string][] = [
  ['memory', () => 'memory:'],
  ['sqlite', (dir) => `sqlite:${join(dir, 'relay.sqlite')}`],
  ...(WITH_REDIS
    ? [['redis', () => `${redis!.url}?prefix=t${++redisDb}:`] as [string, (dir: string) => string]]
    : []),
];

describe.each(adapters)('store contract: %s', (_name, urlFor) => {
  let dir: string;
  let store: Store;
  let clock: Date;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
    clock = NOW;
    store = await createStore(urlFor(dir), { clock: () => clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a session with its first event and index keys', async () => {
    const event = await store.create(sessionRecord('idn_1'), ['token:abc']);
    expect(event).toEqual({
      seq: 1,
      sessionId: 'idn_1',
      kind: 'identification',
      status: 'created',
      provider: {},
      at: '2026-01-01T10:00:00.000Z',
    });
    expect(await store.get('idn_1')).toEqual(sessionRecord('idn_1'));
    expect(await store.findByRef('token:abc')).toBe('idn_1');
    expect(await store.events('idn_1')).toEqual([event]);
    expect(await store.get('nope')).toBeNull();
  });

  it('refuses a second session with the same id', async () => {
    await store.create(sessionRecord('idn_1'));
    await expect(store.create(sessionRecord('idn_1'))).rejects.toThrow(/already exists/);
    expect(await store.events('idn_1')).toHaveLength(1);
  });

  it('returns copies: mutating what comes back changes nothing stored', async () => {
    const input = sessionRecord('idn_1');
    await store.create(input);
    input.status = 'failed';
    const got = (await store.get('idn_1'))!;
    got.status = 'completed';
    got.provider.status = 'X';
    expect((await store.get('idn_1'))!.status).toBe('created');
    expect((await store.get('idn_1'))!.provider).toEqual({});
  });

  it('applies a transition at the expected version, bumping version and updatedAt', async () => {
    await store.create(sessionRecord('idn_1', { pending: { secret: 1 } }));
    const result = await store.transition('idn_1', 1, {
      patch: { status: 'started', provider: { status: 'START_WEB_SESSION' }, pending: undefined },
      event: true,
      refs: ['callback:xyz'],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.version).toBe(2);
    expect(result.session.status).toBe('started');
    expect(result.session.updatedAt).toBe(NOW.toISOString());
    expect('pending' in result.session).toBe(false);
    expect(result.event).toEqual({
      seq: 2,
      sessionId: 'idn_1',
      kind: 'identification',
      status: 'started',
      provider: { status: 'START_WEB_SESSION' },
      at: NOW.toISOString(),
    });
    expect(await store.get('idn_1')).toEqual(result.session);
    expect(await store.findByRef('callback:xyz')).toBe('idn_1');
  });

  it('rejects a stale version and changes nothing (compare-and-set)', async () => {
    await store.create(sessionRecord('idn_1'));
    const first = await store.transition('idn_1', 1, { patch: { status: 'started' }, event: true });
    const racing = await store.transition('idn_1', 1, { patch: { status: 'cancelled' }, event: true });
    expect(first.ok).toBe(true);
    expect(racing).toMatchObject({
      ok: false,
      reason: 'version_conflict',
      current: { status: 'started', version: 2 },
    });
    expect((await store.get('idn_1'))!.status).toBe('started');
    expect((await store.events('idn_1')).map((e) => e.status)).toEqual(['created', 'started']);
    expect(await store.transition('missing', 1, { patch: {} })).toEqual({ ok: false, reason: 'not_found' });
  });

  it('numbers events per session from 1 and skips them for bookkeeping transitions', async () => {
    await store.create(sessionRecord('idn_1'));
    await store.create(sessionRecord('idn_2'));
    await store.transition('idn_1', 1, { patch: { pollAttempt: 1, nextPollAt: NOW.toISOString() } });
    const r = await store.transition('idn_1', 2, { patch: { status: 'in_progress' }, event: true });
    await store.transition('idn_2', 1, { patch: { status: 'started' }, event: true });
    expect(r.ok && r.event?.seq).toBe(2);
    expect((await store.events('idn_1')).map((e) => e.seq)).toEqual([1, 2]);
    expect((await store.events('idn_1', 1)).map((e) => e.status)).toEqual(['in_progress']);
    expect(await store.events('idn_1', 2)).toEqual([]);
    expect((await store.events('idn_2')).map((e) => e.seq)).toEqual([1, 2]);
    expect(await store.events('nope')).toEqual([]);
  });

  it('publishes to subscribers only after commit, only for its session, and stops on unsubscribe', async () => {
    await store.create(sessionRecord('idn_1'));
    await store.create(sessionRecord('idn_2'));
    const seen: SessionEvent[] = [];
    const stored: (number | undefined)[] = [];
    const unsubscribe = store.subscribe('idn_1', (e) => {
      seen.push(e);
      // The event is already durable when a listener hears it.
      void store.events('idn_1', e.seq - 1).then((es) => stored.push(es[0]?.seq));
    });
    await store.transition('idn_1', 1, { patch: { status: 'started' }, event: true });
    await store.transition('idn_1', 2, { patch: { pollAttempt: 3 } });
    await store.transition('idn_2', 1, { patch: { status: 'started' }, event: true });
    await store.transition('idn_1', 999, { patch: { status: 'failed' }, event: true });
    unsubscribe();
    await store.transition('idn_1', 3, { patch: { status: 'completed' }, event: true });
    await new Promise((r) => setImmediate(r));
    expect(seen.map((e) => [e.sessionId, e.seq, e.status])).toEqual([['idn_1', 2, 'started']]);
    expect(stored).toEqual([2]);
  });

  it('keeps going when a subscriber throws', async () => {
    await store.create(sessionRecord('idn_1'));
    const seen: number[] = [];
    store.subscribe('idn_1', () => {
      throw new Error('bad listener');
    });
    store.subscribe('idn_1', (e) => seen.push(e.seq));
    const r = await store.transition('idn_1', 1, { patch: { status: 'started' }, event: true });
    expect(r.ok).toBe(true);
    expect(seen).toEqual([2]);
  });

  it('indexes refs, re-pointing a key on re-use', async () => {
    await store.create(sessionRecord('sig_1'));
    await store.create(sessionRecord('sig_2'));
    await store.addRefs('sig_1', ['sign-result:1', 'sign-session:s1']);
    expect(await store.findByRef('sign-result:1')).toBe('sig_1');
    await store.addRefs('sig_2', ['sign-session:s1']);
    expect(await store.findByRef('sign-session:s1')).toBe('sig_2');
    expect(await store.findByRef('unknown')).toBeNull();
  });

  it('stores, replaces and deletes blobs byte for byte', async () => {
    await store.create(sessionRecord('idn_1'));
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255, 1]);
    await store.putBlob('idn_1', 'certificate', pdf);
    pdf[0] = 0;
    expect(await store.getBlob('idn_1', 'certificate')).toEqual(
      new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 255, 1]),
    );
    await store.putBlob('idn_1', 'certificate', new Uint8Array([9]));
    expect(await store.getBlob('idn_1', 'certificate')).toEqual(new Uint8Array([9]));
    await store.deleteBlob('idn_1', 'certificate');
    expect(await store.getBlob('idn_1', 'certificate')).toBeNull();
    expect(await store.getBlob('idn_1', 'signed/0')).toBeNull();
  });

  it('stores a signing-sized blob byte for byte, replaces it by a small one and back, and purges it', async () => {
    await store.create(sessionRecord('sig_1', { kind: 'signing' }));
    // 3 MB: more than one SQLite part (256 KB), not a multiple of it; every byte position distinct.
    const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
    await store.putBlob('sig_1', 'original/0', big);
    expect(Buffer.from((await store.getBlob('sig_1', 'original/0'))!).equals(Buffer.from(big))).toBe(true);
    await store.putBlob('sig_1', 'original/0', new Uint8Array([7, 7]));
    expect(await store.getBlob('sig_1', 'original/0')).toEqual(new Uint8Array([7, 7]));
    const other = big.map((b) => b ^ 0x5a);
    await store.putBlob('sig_1', 'original/0', other);
    await store.putBlob('sig_1', 'original/1', big);
    expect(Buffer.from((await store.getBlob('sig_1', 'original/0'))!).equals(Buffer.from(other))).toBe(true);
    await store.deleteBlob('sig_1', 'original/1');
    expect(await store.getBlob('sig_1', 'original/1')).toBeNull();
    await store.transition('sig_1', 1, { patch: { status: 'completed' }, event: true });
    expect(await store.purge(new Date('2030-01-01'))).toBe(1);
    expect(await store.getBlob('sig_1', 'original/0')).toBeNull();
  });

  it('lists only non-terminal sessions as active', async () => {
    await store.create(sessionRecord('a'));
    await store.create(sessionRecord('b'));
    await store.create(sessionRecord('c'));
    await store.transition('b', 1, { patch: { status: 'completed' }, event: true });
    await store.transition('c', 1, { patch: { status: 'awaiting_review' }, event: true });
    expect((await store.listActive()).map((s) => s.id).sort()).toEqual(['a', 'c']);
  });

  it('queues a webhook atomically with its transition and drains the outbox', async () => {
    await store.create(sessionRecord('idn_1'));
    await store.transition('idn_1', 1, {
      patch: { status: 'completed' },
      event: true,
      webhook: { id: 'msg_1', sessionId: 'idn_1', type: 'identification.completed', body: '{"a":1}' },
    });
    const due = await store.dueWebhooks(NOW, 10);
    expect(due).toEqual([
      {
        id: 'msg_1',
        sessionId: 'idn_1',
        type: 'identification.completed',
        body: '{"a":1}',
        attempt: 0,
        nextAttemptAt: NOW.toISOString(),
        createdAt: NOW.toISOString(),
      },
    ]);
    await store.rescheduleWebhook('msg_1', 1, new Date(NOW.getTime() + 5000));
    expect(await store.dueWebhooks(NOW, 10)).toEqual([]);
    const later = await store.dueWebhooks(new Date(NOW.getTime() + 5000), 10);
    expect(later.map((j) => [j.id, j.attempt])).toEqual([['msg_1', 1]]);
    await store.deleteWebhook('msg_1');
    expect(await store.dueWebhooks(new Date(NOW.getTime() + 1e9), 10)).toEqual([]);
  });

  it('orders due webhooks by time and honours the limit', async () => {
    for (const id of ['a', 'b', 'c']) {
      await store.create(sessionRecord(id));
      await store.transition(id, 1, {
        patch: { status: 'failed' },
        event: true,
        webhook: { id: `msg_${id}`, sessionId: id, type: 'identification.failed', body: '{}' },
      });
    }
    await store.rescheduleWebhook('msg_a', 1, new Date(NOW.getTime() + 3000));
    await store.rescheduleWebhook('msg_b', 1, new Date(NOW.getTime() + 1000));
    await store.rescheduleWebhook('msg_c', 1, new Date(NOW.getTime() + 2000));
    const due = await store.dueWebhooks(new Date(NOW.getTime() + 10_000), 2);
    expect(due.map((j) => j.id)).toEqual(['msg_b', 'msg_c']);
  });

  it('claims a due webhook for one sender until its lease runs out', async () => {
    await store.create(sessionRecord('idn_1'));
    await store.transition('idn_1', 1, {
      patch: { status: 'completed' },
      event: true,
      webhook: { id: 'msg_1', sessionId: 'idn_1', type: 'identification.completed', body: '{}' },
    });
    const t = NOW.getTime();
    expect((await store.claimWebhooks(NOW, 1000, 10)).map((j) => [j.id, j.attempt])).toEqual([['msg_1', 0]]);
    // A second sender (another instance) gets nothing while the lease holds…
    expect(await store.claimWebhooks(new Date(t + 999), 1000, 10)).toEqual([]);
    // …and the job back once it ran out (its sender died).
    expect((await store.claimWebhooks(new Date(t + 1000), 1000, 10)).map((j) => j.id)).toEqual(['msg_1']);
    await store.rescheduleWebhook('msg_1', 1, new Date(t + 1500));
    expect((await store.claimWebhooks(new Date(t + 1500), 1000, 10)).map((j) => [j.id, j.attempt])).toEqual([
      ['msg_1', 1],
    ]);
    await store.deleteWebhook('msg_1');
    expect(await store.claimWebhooks(new Date(t + 1e9), 1000, 10)).toEqual([]);
  });

  it('keeps one poll schedule: modes, claims with a lease, release only by the holder', async () => {
    const t = NOW.getTime();
    await store.schedulePoll('a', t + 100, 'set');
    await store.schedulePoll('a', t + 500, 'earlier'); // later: kept at +100
    await store.schedulePoll('b', t + 300, 'absent');
    await store.schedulePoll('b', t + 50, 'absent'); // present: unchanged
    await store.schedulePoll('c', t + 900, 'set');
    await store.schedulePoll('c', t + 200, 'earlier');
    expect(await store.claimPolls(t + 99, 1000, 10)).toEqual([]);
    const first = await store.claimPolls(t + 300, 1000, 10);
    expect(first.map((c) => c.id)).toEqual(['a', 'c', 'b']);
    expect(first.every((c) => c.lease === t + 1300)).toBe(true);
    // Leased: nobody else gets them before t + 1300.
    expect(await store.claimPolls(t + 1299, 1000, 10)).toEqual([]);
    expect(await store.releasePoll('a', t + 1300, t + 2000)).toBe(true);
    // A callback reset 'c' meanwhile: its holder's release loses.
    await store.schedulePoll('c', t + 400, 'set');
    expect(await store.releasePoll('c', t + 1300, t + 5000)).toBe(false);
    expect((await store.claimPolls(t + 1300, 1000, 10)).map((c) => c.id)).toEqual(['c', 'b']);
    await store.unschedulePoll('a');
    expect(await store.claimPolls(t + 1e9, 1000, 10)).toHaveLength(2);
    expect(await store.claimPolls(t + 1e10, 1000, 1)).toHaveLength(1);
  });

  it('limits hits in a sliding window per key', async () => {
    const t = NOW.getTime();
    expect(await store.rateHit('k', 2, 60_000, t)).toBe(0);
    expect(await store.rateHit('k', 2, 60_000, t + 10_000)).toBe(0);
    expect(await store.rateHit('k', 2, 60_000, t + 20_000)).toBe(40);
    expect(await store.rateHit('other', 2, 60_000, t + 20_000)).toBe(0);
    // The first hit left the window; the refused one never counted.
    expect(await store.rateHit('k', 2, 60_000, t + 60_001)).toBe(0);
    expect(await store.rateHit('k', 2, 60_000, t + 60_002)).toBeGreaterThan(0);
  });

  it('purges old terminal and long-expired sessions with everything they own', async () => {
    await store.create(sessionRecord('old_done'), ['token:1']);
    await store.create(sessionRecord('old_open', { expiresAt: '2026-01-01T10:30:00.000Z' }), ['token:2']);
    await store.create(sessionRecord('fresh_open', { expiresAt: '2026-03-01T00:00:00.000Z' }), ['token:3']);
    await store.transition('old_done', 1, {
      patch: { status: 'completed' },
      event: true,
      webhook: { id: 'msg_1', sessionId: 'old_done', type: 'identification.completed', body: '{}' },
    });
    await store.putBlob('old_done', 'certificate', new Uint8Array([1]));
    clock = new Date('2026-02-01T00:00:00.000Z');
    await store.create(sessionRecord('recent_done', { expiresAt: '2026-03-01T00:00:00.000Z' }));
    await store.transition('recent_done', 1, { patch: { status: 'failed' }, event: true });

    expect(await store.purge(new Date('2026-01-15T00:00:00.000Z'))).toBe(2);
    expect(await store.get('old_done')).toBeNull();
    expect(await store.get('old_open')).toBeNull();
    expect(await store.events('old_done')).toEqual([]);
    expect(await store.getBlob('old_done', 'certificate')).toBeNull();
    expect(await store.findByRef('token:1')).toBeNull();
    expect(await store.findByRef('token:2')).toBeNull();
    expect(await store.dueWebhooks(new Date('2030-01-01'), 10)).toEqual([]);
    expect(await store.findByRef('token:3')).toBe('fresh_open');
    expect((await store.get('recent_done'))?.status).toBe('failed');
    expect(await store.purge(new Date('2026-01-15T00:00:00.000Z'))).toBe(0);
  });

  it('counts sessions by status', async () => {
    await store.create(sessionRecord('a'));
    await store.create(sessionRecord('b'));
    await store.create(sessionRecord('c'));
    await store.transition('c', 1, { patch: { status: 'completed' }, event: true });
    expect(await store.countByStatus()).toEqual({ created: 2, completed: 1 });
  });

  it('keeps relay-wide meta values, replacing on re-set, apart from sessions and purge', async () => {
    expect(await store.getMeta('provider.readings')).toBeNull();
    await store.setMeta('provider.readings', '{"a":1}');
    await store.setMeta('other', 'x');
    await store.setMeta('provider.readings', '{"a":2}');
    await store.purge(new Date('2030-01-01'));
    expect(await store.getMeta('provider.readings')).toBe('{"a":2}');
    expect(await store.getMeta('other')).toBe('x');
    expect(await store.listActive()).toEqual([]);
  });

  it('pings while open and refuses work once closed', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
    await expect(store.get('x')).rejects.toThrow(/closed/);
  });
});

describe('sqlite store durability', () => {
  it('keeps everything across a close and reopen of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
    const url = `sqlite:${join(dir, 'nested', 'relay.sqlite')}`;
    try {
      const first = await createStore(url, { clock: () => NOW });
      await first.create(sessionRecord('idn_1'), ['token:abc']);
      await first.transition('idn_1', 1, {
        patch: { status: 'completed', result: { clientIdentificator: 'c'.repeat(64), hasCertificate: true } },
        event: true,
        webhook: { id: 'msg_1', sessionId: 'idn_1', type: 'identification.completed', body: '{"x":1}' },
      });
      await first.putBlob('idn_1', 'certificate', new Uint8Array([1, 2, 3]));
      await first.create(sessionRecord('idn_2'));
      await first.setMeta('provider.readings', 'kept');
      await first.close();

      const second = await createStore(url);
      try {
        const session = await second.get('idn_1');
        expect(session).toMatchObject({ status: 'completed', version: 2, result: { hasCertificate: true } });
        expect((await second.events('idn_1')).map((e) => [e.seq, e.status])).toEqual([
          [1, 'created'],
          [2, 'completed'],
        ]);
        expect(await second.findByRef('token:abc')).toBe('idn_1');
        expect(await second.getBlob('idn_1', 'certificate')).toEqual(new Uint8Array([1, 2, 3]));
        expect((await second.dueWebhooks(new Date('2030-01-01'), 10)).map((j) => j.id)).toEqual(['msg_1']);
        expect((await second.listActive()).map((s) => s.id)).toEqual(['idn_2']);
        expect(await second.getMeta('provider.readings')).toBe('kept');
        const next = await second.transition('idn_2', 1, { patch: { status: 'started' }, event: true });
        expect(next.ok && next.event?.seq).toBe(2);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!WITH_REDIS)(
    "redis: instances sharing a Redis hear each other's events, in commit order",
    async () => {
      const url = `${redis!.url}?prefix=shared${++redisDb}:`;
      const a = await createStore(url);
      const b = await createStore(url);
      try {
        await a.create(sessionRecord('idn_1'));
        const heard: [number, string][] = [];
        // The `created` event may still be on its way to b; only what follows matters here.
        b.subscribe('idn_1', (e) => e.seq > 1 && heard.push([e.seq, e.status]));
        let version = 1;
        for (const status of ['started', 'in_progress', 'completed'] as const) {
          const r = await a.transition('idn_1', version++, { patch: { status }, event: true });
          expect(r.ok).toBe(true);
        }
        for (let i = 0; i < 200 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
        expect(heard).toEqual([
          [2, 'started'],
          [3, 'in_progress'],
          [4, 'completed'],
        ]);
        // The compare-and-set holds across instances too.
        const stale = await b.transition('idn_1', 1, { patch: { status: 'failed' }, event: true });
        expect(stale).toMatchObject({ ok: false, reason: 'version_conflict' });
        expect((await b.get('idn_1'))?.status).toBe('completed');
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});

describe('createStore', () => {
  it('rejects unknown store URLs with a clear message', async () => {
    await expect(createStore('mongo://x')).rejects.toThrow(/RELAY_STORE: "mongo:\/\/x" is not a store URL/);
  });
});

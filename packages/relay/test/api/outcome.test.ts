/** The transition rules every flow goes through (unit level: no server needed). */
import { describe, expect, it } from 'vitest';
import type { FlowContext } from '../../src/flows/context.ts';
import { planOutcome } from '../../src/flows/outcome.ts';
import type { SessionRecord } from '../../src/store/types.ts';

function ctx(webhook = true): FlowContext {
  return {
    config: { webhook: webhook ? { url: 'http://127.0.0.1:1/h', secret: 's' } : undefined },
    now: () => new Date('2026-01-01T00:00:00Z'),
  } as unknown as FlowContext;
}

function session(over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: 'idn_x',
    kind: 'identification',
    method: 'web',
    status: 'in_progress',
    language: 'bg',
    clientTokenHash: 'h',
    provider: { status: 'REGIX' },
    refs: {},
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-01T01:00:00Z',
    pollAttempt: 0,
    version: 3,
    externalRef: 'ref-1',
    ...over,
  };
}

describe('planOutcome', () => {
  it('never goes backwards, but review and processing may alternate', () => {
    const plan = planOutcome(ctx(), session(), { status: 'started', provider: { status: 'REGIX' } });
    expect(plan).toBeNull();
    const back = planOutcome(ctx(), session({ status: 'awaiting_review' }), { status: 'in_progress' });
    expect(back?.patch.status).toBe('in_progress');
  });

  it('never moves a terminal session', () => {
    for (const status of ['completed', 'failed', 'cancelled', 'expired'] as const) {
      expect(
        planOutcome(ctx(), session({ status }), { status: 'completed', provider: { step: 'X' } }),
      ).toBeNull();
    }
  });

  it('appends an event when the provider info alone changes, none when nothing does', () => {
    expect(planOutcome(ctx(), session(), { provider: { status: 'REGIX' } })).toBeNull();
    const plan = planOutcome(ctx(), session(), { provider: { step: 'PKCS10_REQ_GENERATED' } });
    expect(plan?.event).toBe(true);
    expect(plan?.patch.provider).toEqual({ status: 'REGIX', step: 'PKCS10_REQ_GENERATED' });
    expect(plan?.webhook).toBeUndefined();
  });

  it('a terminal status queues its webhook in the same transition and drops pending personal data', () => {
    const plan = planOutcome(ctx(), session({ pending: { id: 'x' } }), {
      status: 'failed',
      error: { code: 'identification_failed', message: 'm' },
    });
    expect(plan?.event).toBe(true);
    expect(plan?.patch).toMatchObject({ status: 'failed', completedAt: '2026-01-01T00:00:00.000Z' });
    expect('pending' in (plan?.patch ?? {})).toBe(true);
    expect(plan?.patch.pending).toBeUndefined();
    expect(plan?.webhook?.type).toBe('identification.failed');
    expect(plan?.webhook?.id).toMatch(/^msg_/);
    const body = JSON.parse(plan!.webhook!.body);
    expect(body).toMatchObject({
      type: 'identification.failed',
      data: {
        id: 'idn_x',
        kind: 'identification',
        status: 'failed',
        externalRef: 'ref-1',
        error: { code: 'identification_failed' },
      },
    });
    expect(planOutcome(ctx(false), session(), { status: 'cancelled' })?.webhook).toBeUndefined();
  });
});

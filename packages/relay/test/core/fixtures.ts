import type { SessionRecord } from '../../src/store/types.ts';

export function sessionRecord(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const at = '2026-01-01T10:00:00.000Z';
  return {
    id,
    kind: 'identification',
    method: 'web',
    status: 'created',
    reason: 'Account opening',
    language: 'bg',
    clientTokenHash: 'a'.repeat(64),
    provider: {},
    refs: {},
    createdAt: at,
    updatedAt: at,
    expiresAt: '2026-01-01T11:00:00.000Z',
    pollAttempt: 0,
    version: 1,
    ...overrides,
  };
}

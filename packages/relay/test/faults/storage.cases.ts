/**
 * The SQLite store on a disk that fills up while the relay runs, and on a read-only file system at
 * start-up — real ones (tmpfs, bind mount), not simulated errors. Full: writes answer 503
 * `store_unavailable`, /readyz says why, nothing is half-written, and once space is back the session
 * the customer finished meanwhile completes. Read-only: start-up refused with one line.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../api/helpers.ts';
import { canMount, readOnly, smallDisk } from './disk.ts';
import { billableCounts, expectSettled } from './settled.ts';
import type { WorldFactory } from './stores.ts';
import { api, createWeb, startedWeb, type World } from './world.ts';

const MOUNT = canMount();
const CASE_MS = 180_000;

async function readyz(w: World) {
  const res = await fetch(`${w.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: { store: string } } };
}

export function storageCases(world: WorldFactory): void {
  describe('SQLite storage failures', () => {
    it.skipIf(!MOUNT)(
      'out of space while running: 503 store_unavailable, /readyz 503 naming it, nothing half-written; completes once space is back',
      { timeout: CASE_MS },
      async () => {
        const disk = smallDisk(mkdtempSync(join(tmpdir(), 'relay-disk-')));
        try {
          const w = await world('sqlite', { sqliteFile: join(disk.dir, 'relay.sqlite') });
          await w.start();
          const since = billableCounts(w);
          const s = await startedWeb(w);
          const logFrom = w.output().length;
          disk.fill();
          // The customer finishes now: the relay cannot store the result (the certificate first).
          await w.sim.control.completeIdentification(s.customerSession, 'success');
          await waitFor(
            async () => w.sim.control.calls('getWebIdentificationResults') >= 1,
            'the relay to fetch the result',
            20_000,
          );
          const refused = await api(w, 'POST', '/v1/identifications', { method: 'web', reason: 'Loan' });
          expect(refused.status).toBe(503);
          expect(refused.headers.get('content-type')).toContain('application/problem+json');
          expect(refused.headers.get('retry-after')).toBe('30');
          expect(refused.body.code).toBe('store_unavailable');
          const notReady = await readyz(w);
          expect(notReady.status).toBe(503);
          expect(notReady.body.checks.store).toBe('unwritable: the disk is full');
          // Reads still work, and show no half-stored completion.
          const view = await api(w, 'GET', `/v1/identifications/${s.id}`);
          expect(view.status).toBe(200);
          expect(view.body.status).toBe('started');
          const lines = w.output().slice(logFrom).split('\n');
          const errors = lines.filter((l) => l.includes('store cannot be written'));
          expect(errors.length).toBeGreaterThanOrEqual(1);
          for (const line of errors) {
            expect(JSON.parse(line)).toMatchObject({ msg: 'store cannot be written: the disk is full' });
            expect(line).not.toContain('stack');
          }

          disk.free();
          await waitFor(async () => (await readyz(w)).status === 200, '/readyz to recover', 20_000);
          await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
          expect(
            (await api(w, 'POST', '/v1/identifications', { method: 'web', reason: 'Loan' })).status,
          ).toBe(201);
          await w.kill();
        } finally {
          disk.unmount();
        }
      },
    );

    it.skipIf(!MOUNT)(
      'read-only at start-up: refused with one line naming it, the file untouched',
      { timeout: CASE_MS },
      async () => {
        const w = await world('sqlite');
        await w.start();
        const s = await createWeb(w);
        await w.kill();
        const file = join(w.dir, 'relay.sqlite');
        const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
        const before = digest();
        const undo = readOnly(w.dir);
        try {
          const refused = await w.startFailing();
          expect(refused.code).toBe(1);
          expect(refused.stderr.trim().split('\n')).toEqual([
            `borica-relay: RELAY_STORE: cannot open the sqlite store: ${file}: the database is read-only (SQLITE_READONLY)`,
          ]);
        } finally {
          undo();
        }
        expect(digest()).toBe(before);
        await w.start();
        expect((await api(w, 'GET', `/v1/identifications/${s.id}`)).body.status).toBe('created');
      },
    );
  });
}

/**
 * What every fault case must end in: the right terminal state, a gap-free event log from id 1 with
 * exactly one terminal event (as the widget replays it over SSE), the webhook delivered at least once
 * (one webhook-id however often it came), and each billable POST sent exactly as often as expected,
 * counted at the simulator.
 */
import type { OperationName } from '@borica-identify/simulator';
import { expect } from 'vitest';
import { openEvents, waitFor } from '../api/helpers.ts';
import { type World, waitStatus } from './world.ts';

/** The operations BORICA bills for (each starts an identification or a signing). */
export const BILLABLE: OperationName[] = ['identification', 'startWebIdentification', 'startSigning'];
const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];

export interface Expected {
  status: string;
  /** Exact count of each billable POST at the simulator; unlisted billable operations must be 0. */
  billable: Partial<Record<OperationName, number>>;
  /** Counts before the case (`billableCounts`), when several cases share one simulator. */
  since?: Partial<Record<OperationName, number>>;
}

export function billableCounts(w: World): Partial<Record<OperationName, number>> {
  return Object.fromEntries(BILLABLE.map((op) => [op, w.sim.control.calls(op)]));
}

export async function expectSettled(
  w: World,
  s: { id: string; clientToken: string },
  e: Expected,
  // biome-ignore lint/suspicious/noExplicitAny: the session view, for further assertions in the case
): Promise<any> {
  const view = await waitStatus(w, s.id, e.status);

  // Last-Event-ID 0: the whole log from id 1, as a widget that saw nothing yet would replay it.
  const stream = openEvents(w, s.id, s.clientToken, { lastEventId: 0 });
  await waitFor(
    async () => stream.events.some((ev) => TERMINAL.includes(ev.data.status)),
    `the terminal event of ${s.id}`,
    15_000,
  );
  await stream.close();
  expect(stream.status).toBe(200);
  const ids = stream.events.map((ev) => Number(ev.id));
  expect(ids, 'event ids are 1..n without gaps').toEqual(ids.map((_, i) => i + 1));
  const terminal = stream.events.filter((ev) => TERMINAL.includes(ev.data.status));
  expect(terminal.map((ev) => ev.data.status)).toEqual([e.status]);
  expect(stream.events.at(-1)!.data.status).toBe(e.status);

  const type = `${s.id.startsWith('sig_') ? 'signing' : 'identification'}.${e.status}`;
  await waitFor(
    async () => w.webhooks.deliveries.some((d) => d.data.id === s.id && d.answered),
    `the ${type} webhook of ${s.id}`,
    20_000,
  );
  const mine = w.webhooks.deliveries.filter((d) => d.data.id === s.id);
  expect(new Set(mine.map((d) => d.type))).toEqual(new Set([type]));
  expect(new Set(mine.map((d) => d.webhookId)).size, 'one webhook job, however often delivered').toBe(1);

  for (const op of BILLABLE) {
    const sent = w.sim.control.calls(op) - (e.since?.[op] ?? 0);
    expect(sent, `${op} POSTs`).toBe(e.billable[op] ?? 0);
  }
  return view;
}

/**
 * The fault suite: the relay as a real child process on SQLite and on Redis, killed mid-flow, fed a
 * misbehaving BORICA, and on a disk that fills up; `docs/reliability.md` lists what it covers. Each
 * sequential block is one world (a relay, its simulator and webhook receiver); the blocks run side
 * by side.
 */
import { describe } from 'vitest';
import { callbackCases } from './callbacks.cases.ts';
import { crashPointCases, midFlowCases } from './crash.cases.ts';
import { providerCases } from './provider.cases.ts';
import { storageCases } from './storage.cases.ts';
import { STORES, sharedWorld, useWorlds } from './stores.ts';

const world = useWorlds();

describe.concurrent('fault suite', () => {
  storageCases(world);
  for (const kind of STORES) {
    describe(`${kind} store`, () => {
      describe.sequential('killed mid-flow', () => {
        midFlowCases(sharedWorld(world, kind));
      });
      describe.sequential('killed at crash points', () => {
        crashPointCases(sharedWorld(world, kind, { start: false }));
      });
      describe.sequential('misbehaving BORICA', () => {
        const w = sharedWorld(world, kind);
        providerCases(w);
        callbackCases(w);
      });
    });
  }
});

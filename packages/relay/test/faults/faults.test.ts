/**
 * The fault suite: the relay as a real child process on SQLite and on Redis, killed mid-flow and fed
 * a misbehaving BORICA. One file so that every case runs concurrently (each waits on its own relay
 * and simulator, rarely on the CPU); `docs/reliability.md` lists what it covers.
 */
import { callbackCases } from './callbacks.cases.ts';
import { crashCases } from './crash.cases.ts';
import { providerCases } from './provider.cases.ts';
import { useWorlds } from './stores.ts';

const world = useWorlds();
crashCases(world);
providerCases(world);
callbackCases(world);

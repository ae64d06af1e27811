/**
 * The business flows end to end through the relay's HTTP surface, against the simulator over mTLS:
 * web identification, B-Trust MOBILE, signing. One simulator and one relay for the whole file.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';
import { mobileCases } from './mobile.cases.ts';
import { signingCases } from './signing.cases.ts';
import { webCases } from './web.cases.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    timing: { mobileValidityMs: 2500 },
    config: { rateLimit: { createPerMinute: 1000, startPerMinute: 1000, mobilePerIdPerHour: 5 } },
  });
}, 30_000);
afterAll(() => h?.close());

webCases(() => h);
mobileCases(() => h);
signingCases(() => h);

/** Child process for `provider-overhead`: the simulator alone, so its CPU is not in the timed loop. */
import { startSimulator } from '@borica-identify/simulator';
import { serveParent } from '../lib/child.ts';

const sim = await startSimulator({ timing: { processingMs: 0 } });
serveParent(
  { apiUrl: sim.apiUrl, pagesUrl: sim.pagesUrl, pki: sim.pki, relyingPartyId: sim.relyingPartyId },
  { calls: () => sim.control.calls('getWebIdentificationStatus') },
);
process.on('SIGTERM', async () => {
  await sim.close();
  process.exit(0);
});

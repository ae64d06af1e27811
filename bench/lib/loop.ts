/** Stalls of this process's event loop (a 5 ms ticker that notices when it ran late). */
import { wallNow } from './stats.ts';

export interface Stall {
  /** Wall-clock ms when the loop got free again (comparable between processes). */
  endedAt: number;
  ms: number;
}

export function trackStalls(thresholdMs = 30): { take(): Stall[] } {
  let stalls: Stall[] = [];
  let tick = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - tick > thresholdMs + 5) stalls.push({ endedAt: wallNow(), ms: now - tick - 5 });
    tick = now;
  }, 5).unref();
  return {
    take() {
      const r = stalls;
      stalls = [];
      return r;
    },
  };
}

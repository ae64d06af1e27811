/** The heartbeat burst is written in slices, so a callback is never stuck behind 10,000 socket writes. */
import { describe, expect, it, vi } from 'vitest';
import { createSseRegistry } from '../../src/sse/index.ts';

describe('SSE registry heartbeat', () => {
  it('writes a large burst in slices that let other work run between them, and reaches every stream', async () => {
    const registry = createSseRegistry();
    const writes: number[] = [];
    let seenByOtherWork = -1;
    const streams = Array.from({ length: 1000 }, (_, i) => ({
      write(chunk: string) {
        expect(chunk).toMatch(/^:/); // a comment line, invisible to EventSource
        // Work queued while the burst starts (a callback, say) must run before the burst is over.
        if (i === 0 && seenByOtherWork === -1) setImmediate(() => (seenByOtherWork = writes.length));
        writes.push(i);
      },
      close() {},
    }));
    for (const s of streams) registry.add(s, 20);
    // Wait for the burst to reach every stream (a condition, not a duration: under load it takes longer).
    await vi.waitUntil(() => new Set(writes).size === 1000, { timeout: 10_000, interval: 5 });
    for (const s of streams) registry.remove(s);
    expect(seenByOtherWork).toBeGreaterThan(0);
    expect(seenByOtherWork).toBeLessThan(1000);
    expect(new Set(writes).size).toBe(1000);
    expect(registry.size).toBe(0);
  });
});

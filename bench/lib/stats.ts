/** Small helpers shared by the benchmarks: percentiles, formatting, the machine's state. */
import { loadavg } from 'node:os';

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summary(values: readonly number[]) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

export const ms = (v: number, digits = 2) => `${v.toFixed(digits)} ms`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Printed at the top of every run: figures from a shared, noisy machine mean little without it. */
export function machineLine(): string {
  const [l1, l5, l15] = loadavg().map((l) => l.toFixed(2));
  return `${new Date().toISOString()}  node ${process.version}  load average ${l1} ${l5} ${l15}`;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

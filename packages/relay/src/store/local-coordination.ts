/**
 * The single-process form of what several Redis-backed instances share: the poll schedule and the
 * rate-limit windows, and webhook leases. Memory and SQLite stores serve one relay process, so a Map
 * is the whole truth; after a restart the poller re-seeds the schedule from `listActive()`, and no
 * webhook lease survives (a job claimed by the crashed process is due again at once).
 */
import type { PollClaim } from './types.ts';

export class LocalCoordination {
  #due = new Map<string, number>();
  #hits = new Map<string, number[]>();
  #lastSweep = 0;
  #jobLeases = new Map<string, number>();

  /** How many jobs are leased right now (a claim asks the outbox for that many more). */
  leasedJobs(nowMs: number): number {
    for (const [id, until] of this.#jobLeases) if (until <= nowMs) this.#jobLeases.delete(id);
    return this.#jobLeases.size;
  }

  /** Of these due jobs, the first `limit` not leased, now leased until `nowMs + leaseMs`. */
  leaseJobs<T extends { id: string }>(due: T[], nowMs: number, leaseMs: number, limit: number): T[] {
    const free = due.filter((job) => (this.#jobLeases.get(job.id) ?? 0) <= nowMs).slice(0, limit);
    for (const job of free) this.#jobLeases.set(job.id, nowMs + leaseMs);
    return free;
  }

  /** The job was delivered, rescheduled or dropped: its lease ends. */
  endJobLease(id: string): void {
    this.#jobLeases.delete(id);
  }

  schedulePoll(id: string, dueMs: number, mode: 'set' | 'earlier' | 'absent'): void {
    const cur = this.#due.get(id);
    if (cur === undefined || mode === 'set' || (mode === 'earlier' && dueMs < cur)) this.#due.set(id, dueMs);
  }

  claimPolls(nowMs: number, leaseMs: number, limit: number): PollClaim[] {
    const due: [string, number][] = [];
    // A linear scan: 10,000 entries take well under a millisecond, less than keeping a heap in sync.
    for (const entry of this.#due) if (entry[1] <= nowMs) due.push(entry);
    due.sort((a, b) => a[1] - b[1]);
    const lease = nowMs + leaseMs;
    return due.slice(0, limit).map(([id]) => {
      this.#due.set(id, lease);
      return { id, lease };
    });
  }

  releasePoll(id: string, lease: number, nextDueMs: number): boolean {
    if (this.#due.get(id) !== lease) return false;
    this.#due.set(id, nextDueMs);
    return true;
  }

  unschedulePoll(id: string): void {
    this.#due.delete(id);
  }

  rateHit(key: string, limit: number, windowMs: number, nowMs: number): number {
    if (limit <= 0) return 0;
    const from = nowMs - windowMs;
    // Sweep idle keys now and then, so a scan of many IPs cannot grow the map forever.
    if (nowMs - this.#lastSweep > windowMs) {
      for (const [k, list] of this.#hits) if ((list.at(-1) ?? 0) <= from) this.#hits.delete(k);
      this.#lastSweep = nowMs;
    }
    const list = (this.#hits.get(key) ?? []).filter((at) => at > from);
    if (list.length >= limit) {
      this.#hits.set(key, list);
      return Math.max(1, Math.ceil(((list[0] ?? nowMs) + windowMs - nowMs) / 1000));
    }
    list.push(nowMs);
    this.#hits.set(key, list);
    return 0;
  }

  clear(): void {
    this.#due.clear();
    this.#hits.clear();
    this.#jobLeases.clear();
  }
}

/** The Store methods a single-process adapter gets from its `LocalCoordination`. */
export abstract class LocallyCoordinated {
  protected readonly local = new LocalCoordination();
  protected abstract assertOpen(): void;

  async schedulePoll(id: string, dueMs: number, mode: 'set' | 'earlier' | 'absent'): Promise<void> {
    this.assertOpen();
    this.local.schedulePoll(id, dueMs, mode);
  }

  async claimPolls(nowMs: number, leaseMs: number, limit: number): Promise<PollClaim[]> {
    this.assertOpen();
    return this.local.claimPolls(nowMs, leaseMs, limit);
  }

  async releasePoll(id: string, lease: number, nextDueMs: number): Promise<boolean> {
    this.assertOpen();
    return this.local.releasePoll(id, lease, nextDueMs);
  }

  async unschedulePoll(id: string): Promise<void> {
    this.assertOpen();
    this.local.unschedulePoll(id);
  }

  async rateHit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number> {
    this.assertOpen();
    return this.local.rateHit(key, limit, windowMs, nowMs);
  }
}

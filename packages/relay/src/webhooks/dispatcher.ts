/**
 * Delivers the store's webhook outbox to RELAY_WEBHOOK_URL, at least once. The job was written in the
 * same transaction as the terminal status, so a crash between commit and delivery only delays it:
 * the next start drains what is due. Each sender CLAIMS a batch with a lease (store.claimWebhooks), so
 * with several instances one sends each job; a sender that died holding jobs is replaced once the
 * lease ran out. Delivery is still at least once (a sender killed between the receiver's 2xx and the
 * delete): the `webhook-id` stays the same across retries so the receiver can drop duplicates.
 */
import type { Logger } from '../log/index.ts';
import type { Store, WebhookJob } from '../store/types.ts';
import { signWebhook } from './signature.ts';

/** Delay before attempt n+1 after attempt n failed (n from 1); 8 attempts in all, ~10 h. */
export const DEFAULT_RETRY_DELAYS_MS = [
  5_000,
  30_000,
  120_000,
  600_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
];

export interface WebhookDispatcherOptions {
  store: Store;
  url: string;
  secret: string;
  log: Logger;
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Delays between attempts; its length + 1 is the number of attempts. */
  retryDelaysMs?: number[];
  /** How often to look for due jobs besides `kick()`; default 1000 ms. */
  pollIntervalMs?: number;
  /** Per-attempt timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Jobs claimed and sent (concurrently) per drain round; default 20. */
  batchSize?: number;
  /** How long a claimed job stays ours; default 2 × timeoutMs + 5 s (a batch is sent concurrently). */
  leaseMs?: number;
  /** Called after each attempt (metrics, tests). */
  onAttempt?: (e: { job: WebhookJob; outcome: 'delivered' | 'retry' | 'gave_up'; status?: number }) => void;
}

export interface WebhookDispatcher {
  /** Look for due jobs now (call after a transition that queued one). */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for a delivery in flight. */
  stop(): Promise<void>;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const {
    store,
    url,
    secret,
    log,
    fetch: send = fetch,
    clock = () => new Date(),
    retryDelaysMs = DEFAULT_RETRY_DELAYS_MS,
    pollIntervalMs = 1000,
    timeoutMs = 10_000,
    batchSize = 20,
    onAttempt,
  } = options;
  const leaseMs = options.leaseMs ?? 2 * timeoutMs + 5000;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  async function deliver(job: WebhookJob): Promise<void> {
    const attempt = job.attempt + 1;
    const timestamp = Math.floor(clock().getTime() / 1000);
    let status: number | undefined;
    try {
      const res = await send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': job.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, job.id, timestamp, job.body),
          'user-agent': 'borica-relay',
        },
        body: job.body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
    } catch {}
    if (status !== undefined && status >= 200 && status < 300) {
      await store.deleteWebhook(job.id);
      log.info({ webhookId: job.id, type: job.type, attempt, status }, 'webhook delivered');
      onAttempt?.({ job, outcome: 'delivered', status });
      return;
    }
    const delay = retryDelaysMs[attempt - 1];
    if (delay === undefined) {
      await store.deleteWebhook(job.id);
      log.error(
        { webhookId: job.id, type: job.type, attempt, status },
        'webhook given up after last attempt',
      );
      onAttempt?.({ job, outcome: 'gave_up', status });
      return;
    }
    await store.rescheduleWebhook(job.id, attempt, new Date(clock().getTime() + delay));
    log.warn(
      { webhookId: job.id, type: job.type, attempt, status, retryInMs: delay },
      'webhook delivery failed',
    );
    onAttempt?.({ job, outcome: 'retry', status });
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      let jobs: WebhookJob[];
      try {
        jobs = await store.claimWebhooks(clock(), leaseMs, batchSize);
      } catch (err) {
        log.error({ err }, 'webhook outbox unreadable');
        return;
      }
      // Concurrently: every job of the batch is sent well within its lease. A job not sent because
      // we are stopping is sent after the lease (here after a restart, or by another instance).
      await Promise.all(
        jobs.map(async (job) => {
          if (stopped) return;
          try {
            await deliver(job);
          } catch (err) {
            log.error({ err, webhookId: job.id }, 'webhook bookkeeping failed');
          }
        }),
      );
      if (stopped) return;
      if (jobs.length === batchSize) again = true;
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain().finally(() => {
      draining = undefined;
    });
  }

  return {
    kick,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(kick, pollIntervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await draining;
    },
  };
}

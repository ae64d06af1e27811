/**
 * Outgoing callbacks to the relying party's requestCallbackUrl (guide 2.4 and 3.2), with fault knobs.
 * The guide describes no retries and no signature, so there are none: one POST per callback
 * (two with `duplicate`), logged whether or not it arrived.
 */
import https from 'node:https';
import type { Faults } from '../faults/faults.ts';

export interface CallbackEntry {
  url: string;
  body: unknown;
  /** ISO time of the attempt (or of the drop). */
  at: string;
  delivered: boolean;
  /** HTTP status the receiver answered, when it answered. */
  status?: number;
  /** Why it was not delivered: 'dropped' by a fault knob, or a network error code. */
  error?: string;
}

export interface CallbackLog {
  list(): CallbackEntry[];
}

const TIMEOUT_MS = 5000;

interface Pending {
  url: string;
  body: unknown;
}

export class CallbackSender implements CallbackLog {
  private readonly entries: CallbackEntry[] = [];
  private held: Pending | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly faults: Faults,
    private readonly log: (line: string) => void,
  ) {
    faults.onCallbackFaultsChange = () => {
      // Turning `reorder` off must not leave a callback held forever.
      if (!this.faults.callbackFaults.reorder) this.releaseHeld();
    };
  }

  list(): CallbackEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Queues one callback; resolves once it was sent (or dropped, or held for reordering). */
  async send(url: string, body: unknown): Promise<void> {
    const knobs = this.faults.callbackFaults;
    if (knobs.delayMs) await this.sleep(knobs.delayMs);
    if (this.closed) return;
    if (knobs.reorder && !this.held) {
      this.held = { url, body };
      return;
    }
    await this.deliver({ url, body });
    await this.releaseHeld();
  }

  private async releaseHeld(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (held && !this.closed) await this.deliver(held);
  }

  private async deliver(p: Pending): Promise<void> {
    const knobs = this.faults.callbackFaults;
    if (knobs.drop) {
      this.entries.push({
        url: p.url,
        body: p.body,
        at: new Date().toISOString(),
        delivered: false,
        error: 'dropped',
      });
      this.log(`callback dropped (fault) to ${origin(p.url)}`);
      return;
    }
    await this.post(p);
    if (knobs.duplicate) await this.post(p);
  }

  private async post(p: Pending): Promise<void> {
    const entry: CallbackEntry = { url: p.url, body: p.body, at: new Date().toISOString(), delivered: false };
    this.entries.push(entry);
    try {
      entry.status = await postJson(p.url, JSON.stringify(p.body));
      entry.delivered = entry.status >= 200 && entry.status < 300;
    } catch (err) {
      entry.error = errorCode(err);
    }
    this.log(`callback to ${origin(p.url)}: ${entry.status ?? entry.error}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  reset(): void {
    this.entries.length = 0;
    this.held = undefined;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = undefined;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

function errorCode(err: unknown): string {
  const e = err as { code?: string; cause?: unknown; name?: string };
  const cause = e.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? e.code ?? cause?.message ?? e.name ?? 'error';
}

/** Plain http through fetch; https through node:https so a self-signed receiver is accepted. */
async function postJson(url: string, body: string): Promise<number> {
  const u = new URL(url);
  if (u.protocol === 'http:') {
    const res = await fetch(u, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }
  if (u.protocol !== 'https:')
    throw Object.assign(new Error('unsupported protocol'), { code: 'BAD_PROTOCOL' });
  return await new Promise<number>((resolve, reject) => {
    const req = https.request(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        rejectUnauthorized: false,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

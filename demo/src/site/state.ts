/**
 * The bank's own memory: which relay sessions belong to which visitor (a cookie), and the client
 * tokens it hands to its pages. A real bank keeps this in its database; the demo keeps a JSON file
 * under the data directory so a restart of `pnpm start` keeps the back-office list.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Display = 'redirect' | 'popup' | 'iframe' | 'qr';
export const DISPLAYS: Display[] = ['redirect', 'popup', 'iframe', 'qr'];

export interface TrackedSession {
  id: string;
  kind: 'identification' | 'signing';
  method?: 'web' | 'mobile';
  clientToken: string;
  visitor: string;
  createdAt: string;
  /** Where this session was started from, to describe it in the back-office. */
  label: string;
  display?: Display;
  /** signing: the identification it uses */
  identificationId?: string;
  /** Outbound webhooks the relay delivered for this session (signature checked). */
  webhooks: { type: string; status: string; at: string; webhookId: string }[];
}

export interface Visitor {
  id: string;
  /** the current identifications of the "open an account" journey, one per method */
  webIdentificationId?: string;
  mobileIdentificationId?: string;
  /** the contract signing, after the web identification */
  signingId?: string;
}

interface Saved {
  visitors: Record<string, Visitor>;
  sessions: Record<string, TrackedSession>;
}

export class BankState {
  private data: Saved = { visitors: {}, sessions: {} };
  private readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'bank.json');
    try {
      this.data = JSON.parse(readFileSync(this.file, 'utf8')) as Saved;
    } catch {
      // first run, or an unreadable file: start empty (the relay keeps the authoritative sessions)
    }
  }

  private persist(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  newVisitorId(): string {
    return randomBytes(18).toString('base64url');
  }

  visitor(id: string): Visitor {
    let v = this.data.visitors[id];
    if (!v) {
      v = { id };
      this.data.visitors[id] = v;
    }
    return v;
  }

  updateVisitor(id: string, patch: Partial<Visitor>): void {
    Object.assign(this.visitor(id), patch);
    this.persist();
  }

  resetVisitor(id: string): void {
    this.data.visitors[id] = { id };
    this.persist();
  }

  track(session: Omit<TrackedSession, 'webhooks' | 'createdAt'>): TrackedSession {
    const tracked: TrackedSession = { ...session, createdAt: new Date().toISOString(), webhooks: [] };
    this.data.sessions[session.id] = tracked;
    this.persist();
    return tracked;
  }

  session(id: string | undefined): TrackedSession | undefined {
    return id ? this.data.sessions[id] : undefined;
  }

  recordWebhook(sessionId: string, entry: TrackedSession['webhooks'][number]): boolean {
    const s = this.data.sessions[sessionId];
    if (!s) return false;
    // Standard Webhooks are at-least-once: the webhook-id makes a redelivery harmless.
    if (!s.webhooks.some((w) => w.webhookId === entry.webhookId)) s.webhooks.push(entry);
    this.persist();
    return true;
  }

  /** Newest first. */
  list(limit = 50): TrackedSession[] {
    return Object.values(this.data.sessions)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }
}

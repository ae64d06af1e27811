/**
 * The relay's storage contract. Adapters: `memory:` and `sqlite:` (embedded default) now, Redis later;
 * nothing outside src/store knows which one runs. Every state change goes through `transition`, which
 * updates the session, appends its event and (optionally) queues a webhook in ONE atomic step guarded by
 * the session's version, so two confirmations racing (callback vs poller, two relay instances) can never
 * both apply, and a crash never leaves a status without its event.
 */
import type {
  Language,
  Method,
  ProviderInfo,
  SessionError,
  SessionKind,
  Status,
} from '@borica-identify/protocol';

/** Ids the provider gave us; what we need to confirm and fetch results. All normalised to strings. */
export interface ProviderRefs {
  /** startWebIdentification */
  webSessionId?: string;
  resultId?: string;
  /** createRegistration: the customer page's session id */
  sessionId?: string;
  registrationId?: string;
  /** B-Trust MOBILE identification */
  callbackId?: string;
  /** mobile: when the provider stops accepting polls */
  validity?: string;
  /** signing: the sign session this signing consumed (the signing callback carries it as `sessionId`) */
  signSessionId?: string;
  /** signing: where the customer enters the SMS code */
  clientDocumentUrl?: string;
}

export interface IdentificationResultRecord {
  clientIdentificator: string;
  /** The sign session the NEXT signing will consume (replaced after each signing). */
  signSessionId?: string;
  signSessionExpiresAt?: string;
  /** Blob `certificate` holds the eID PDF. */
  hasCertificate: boolean;
  /**
   * The signing that consumed the last sign session and has not handed the next one on yet: only it
   * may hand one on, so a late or repeated confirmation never resurrects a consumed sign session.
   */
  heldBy?: string;
}

export interface DocumentMeta {
  fileName: string;
  title: string;
  visualSignature?: { page: number; x: number; y: number; width: number; height: number };
  archive?: boolean;
  /** Set once the signed copy is stored as blob `signed/<index>`. */
  signed?: boolean;
}

export interface SessionRecord {
  /** `idn_…` for identifications, `sig_…` for signings; unguessable. */
  id: string;
  kind: SessionKind;
  /** identifications only */
  method?: Method;
  status: Status;
  reason?: string;
  externalRef?: string;
  language: Language;
  returnUrl?: string;
  /** sha256 (hex) of the client token; the token itself is never stored. */
  clientTokenHash: string;
  provider: ProviderInfo;
  refs: ProviderRefs;
  /** The provider's page for the customer, once started. */
  redirectUrl?: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  startedAt?: string;
  completedAt?: string;
  error?: SessionError;
  /** identification: options for createRegistration (web) */
  webOptions?: { verifyEmail: boolean; verifyPhone: boolean; showTerms: boolean; showIntro: boolean };
  /** identification: set once completed */
  result?: IdentificationResultRecord;
  /** signing: the identification whose sign session it uses */
  identificationId?: string;
  /** signing: documents without their content (content lives in blobs `original/<index>` until sent) */
  documents?: DocumentMeta[];
  emailSignedDocuments?: boolean;
  /**
   * Personal data needed only to start the provider call (mobile: the person). Deleted (set undefined)
   * as soon as the provider has it; never returned by any API; purged with the session by retention.
   */
  pending?: unknown;
  /** Poller bookkeeping, so a restarted relay resumes where it was. */
  pollAttempt: number;
  nextPollAt?: string;
  /** Optimistic concurrency: incremented by every successful transition. */
  version: number;
}

/** One entry of a session's event log, as streamed over SSE. `seq` starts at 1 per session. */
export interface SessionEvent {
  seq: number;
  sessionId: string;
  kind: SessionKind;
  status: Status;
  provider: ProviderInfo;
  at: string;
}

export interface WebhookJob {
  /** Standard Webhooks `webhook-id`: stable across retries so receivers can dedupe. */
  id: string;
  sessionId: string;
  type: string;
  /** The exact JSON body to sign and send. */
  body: string;
  attempt: number;
  nextAttemptAt: string;
  createdAt: string;
}

export interface PollClaim {
  id: string;
  /** The lease end; hand it back to `releasePoll`. */
  lease: number;
}

export interface TransitionInput {
  /** Fields to set; `version`, `updatedAt` are managed by the store. */
  patch: Partial<Omit<SessionRecord, 'id' | 'kind' | 'version' | 'createdAt'>>;
  /**
   * Append an event with the (new) status and provider. Omit for bookkeeping-only updates
   * (poll schedule, refs). The store appends at most one event per transition.
   */
  event?: boolean;
  /** Queue an outbound webhook in the same atomic step (terminal statuses). */
  webhook?: Omit<WebhookJob, 'attempt' | 'nextAttemptAt' | 'createdAt'>;
  /** Index keys to add atomically (see `findByRef`). */
  refs?: string[];
}

export type TransitionResult =
  | { ok: true; session: SessionRecord; event?: SessionEvent }
  | { ok: false; reason: 'not_found' | 'version_conflict'; current?: SessionRecord };

export interface Store {
  /** Creates a session with its first event (`created`) and index keys, atomically. */
  create(session: SessionRecord, refs?: string[]): Promise<SessionEvent>;
  get(id: string): Promise<SessionRecord | null>;
  /**
   * Applies `input` only if the stored version equals `expectedVersion`. Publishes the new event (if any)
   * to subscribers after the commit.
   */
  transition(id: string, expectedVersion: number, input: TransitionInput): Promise<TransitionResult>;
  /** Events with seq > afterSeq, ascending. */
  events(id: string, afterSeq?: number): Promise<SessionEvent[]>;
  /** Live events of one session (from any relay instance for shared stores). Returns unsubscribe. */
  subscribe(id: string, listener: (event: SessionEvent) => void): () => void;

  /**
   * Secondary index: `callback:<sha256 of secret>` → identification id, `sign-result:<resultId>`,
   * `sign-session:<signSessionId>` → signing id, `token:<sha256>` → session id, etc.
   */
  findByRef(key: string): Promise<string | null>;
  addRefs(id: string, keys: string[]): Promise<void>;

  /** Binary results and transient originals: `certificate`, `original/<i>`, `signed/<i>`. */
  putBlob(id: string, name: string, data: Uint8Array): Promise<void>;
  getBlob(id: string, name: string): Promise<Uint8Array | null>;
  deleteBlob(id: string, name: string): Promise<void>;

  /** Sessions not yet terminal, for the poller to resume after a restart. */
  listActive(): Promise<SessionRecord[]>;

  /** Webhook outbox: what is due (a read; senders use `claimWebhooks`). */
  dueWebhooks(now: Date, limit: number): Promise<WebhookJob[]>;
  /**
   * Claims up to `limit` due jobs for one sender: atomically, each is made due again only at
   * `now + leaseMs`, so no other instance sends it meanwhile, and a sender that dies holding it is
   * replaced after the lease. The sender then deletes or reschedules the job.
   */
  claimWebhooks(now: Date, leaseMs: number, limit: number): Promise<WebhookJob[]>;
  rescheduleWebhook(id: string, attempt: number, nextAttemptAt: Date): Promise<void>;
  deleteWebhook(id: string): Promise<void>;

  /**
   * Retention: deletes every session (with its events, blobs, refs) whose `updatedAt` is before `before`
   * and which is terminal, or expired more than that long ago. Returns how many were deleted.
   */
  purge(before: Date): Promise<number>;
  /** Counts by status for /metrics. */
  countByStatus(): Promise<Record<string, number>>;

  /**
   * Relay-wide key/value facts shared by every instance and kept across restarts (not per session,
   * never purged): e.g. which reading of the guide the provider turned out to use.
   */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  /**
   * The poll schedule shared by every instance (Redis: one sorted set; memory and SQLite: this
   * process's). Times are epoch milliseconds.
   * - `mode` `set` replaces the due time; `earlier` keeps an earlier one (adds when absent);
   *   `absent` only adds when the session has no entry.
   */
  schedulePoll(id: string, dueMs: number, mode: 'set' | 'earlier' | 'absent'): Promise<void>;
  /**
   * Claims up to `limit` sessions due at `nowMs`, atomically: each one's due time becomes its lease
   * end (`nowMs + leaseMs`), so no other instance claims it until the lease ran out (a dead holder's
   * sessions come back by themselves). Returns each id with its lease, for `releasePoll`.
   */
  claimPolls(nowMs: number, leaseMs: number, limit: number): Promise<PollClaim[]>;
  /**
   * The holder is done: the session is next due at `nextDueMs` — only if the entry still holds this
   * lease (a callback's reset or another instance's takeover meanwhile wins). False when it did not.
   */
  releasePoll(id: string, lease: number, nextDueMs: number): Promise<boolean>;
  unschedulePoll(id: string): Promise<void>;

  /**
   * One hit of a sliding-window rate limit shared by every instance of the store (Redis) or of this
   * process (memory, SQLite). Returns 0 when allowed (the hit counts), else the seconds until the
   * oldest hit leaves the window (the hit does not count).
   */
  rateHit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number>;

  /** For /readyz: throws if the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

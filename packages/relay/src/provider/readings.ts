/**
 * What the relay has learned about how this provider reads the guide where the guide is ambiguous
 * (`signing-api.md`, "Where the guide contradicts itself"): which id a download accepts, which
 * envelope an answer uses, which status a finished signing reports. Kept in the store's meta, so every
 * instance shares it and a restart keeps it; each instance remembers what it confirmed, so a known
 * reading costs neither a store write nor a provider call. Logged at info when first learned (or when
 * the provider changes its mind), shown in /readyz under `checks.provider`.
 */
import type { Logger } from 'pino';

/** The store's meta key/value, all this needs. */
export interface MetaStore {
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
}

export const READINGS_META_KEY = 'provider.readings';

/** Reading names (values are the reading's words). */
export type ReadingName =
  /** getWebIdentificationResults' `{sessionId}` (2.5): `webSessionId` or createRegistration's `sessionId`. */
  | 'identificationResultSessionId'
  /** The signing result's `{sessionId}` (3.3): the consumed `signSessionId`, or the identification's `webSessionId` / `sessionId`. */
  | 'signResultSessionId'
  /** Which of the identification's ids its callback names (2.4). */
  | 'identificationCallbackSessionId'
  /** Whether the signing callback names the consumed sign session (3.2) or another (the next one). */
  | 'signCallbackSessionId'
  /** JSON type of `data.resultId` in each callback (2.4, 3.2). */
  | 'identificationCallbackResultId'
  | 'signCallbackResultId'
  /** createRegistration, getRegistrationStatus (2.2, 4.1) and the signing result (3.3): `bare` or `wrapped`. */
  | 'createRegistrationEnvelope'
  | 'getRegistrationStatusEnvelope'
  | 'getSignResultsEnvelope'
  /** getWebIdentificationStatus of a finished identification / signing (5.1). */
  | 'identificationDoneStatus'
  | 'signingDoneStatus'
  /** getIdentificationResult while pending (1.2): `206` or `200`. */
  | 'mobilePendingHttpStatus'
  /** HTTP status of a REJECTED answer (1.2). */
  | 'rejectedHttpStatus';

export interface ProviderReadings {
  /** The learned value, this instance's or another's; undefined when nothing is known yet. */
  get(name: ReadingName): Promise<string | undefined>;
  /** Records a reading; persists and logs it only when it is new or changed. Never throws. */
  learn(name: ReadingName, value: string): Promise<void>;
  /** Everything learned so far (for /readyz). */
  all(): Promise<Record<string, string>>;
}

export async function readReadings(store: MetaStore): Promise<Record<string, string>> {
  const raw = await store.getMeta(READINGS_META_KEY);
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

export function createReadings(store: MetaStore, log: Logger): ProviderReadings {
  const confirmed = new Map<string, string>();
  return {
    async get(name) {
      const mine = confirmed.get(name);
      if (mine !== undefined) return mine;
      try {
        return (await readReadings(store))[name];
      } catch {
        return undefined;
      }
    },
    async learn(name, value) {
      if (confirmed.get(name) === value) return;
      try {
        // Read-merge-write: two instances learning at once learn the same facts, so a lost write is
        // only learned again.
        const all = await readReadings(store);
        const before = all[name];
        if (before !== value) {
          all[name] = value;
          await store.setMeta(READINGS_META_KEY, JSON.stringify(all));
          log.info(
            { reading: name, value, ...(before !== undefined && { previously: before }) },
            before === undefined ? 'provider reading learned' : 'provider reading changed',
          );
        }
        confirmed.set(name, value);
      } catch {
        // The store will be asked again next time; a reading is an optimisation, never a failure.
      }
    },
    all: () => readReadings(store),
  };
}

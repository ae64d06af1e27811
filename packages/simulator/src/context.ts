/** What every part of a running simulator shares: state, timing, callbacks, faults. */
import type { CallbackSender } from './callbacks/sender.ts';
import type { Dialect } from './dialect.ts';
import type { Faults } from './faults/faults.ts';
import type { Store } from './state/store.ts';

export interface Timing {
  /** ON_BOARDING -> IN_PROGRESS for B-Trust MOBILE. */
  mobileOnboardingMs: number;
  /** IN_PROGRESS -> FINISHED without anyone pressing Approve; null: wait for the phone page or control. */
  mobileAutoFinishMs: number | null;
  /** The provider's internal steps after the customer finished, before the callback. */
  processingMs: number;
  mobileValidityMs: number;
  registrationValidityMs: number;
  webSessionValidityMs: number;
  signSessionValidityMs: number;
}

export const DEFAULT_TIMING: Timing = {
  mobileOnboardingMs: 3000,
  mobileAutoFinishMs: null,
  processingMs: 1500,
  mobileValidityMs: 10 * 60_000,
  registrationValidityMs: 60 * 60_000,
  webSessionValidityMs: 60 * 60_000,
  signSessionValidityMs: 24 * 60 * 60_000,
};

export interface Context {
  store: Store;
  timing: Timing;
  /** How this provider reads the guide where it is ambiguous; read at every answer (changeable live). */
  dialect: Dialect;
  relyingPartyId: string;
  /** Filled in once the pages server listens. */
  pagesUrl: string;
  callbacks: CallbackSender;
  faults: Faults;
  log: (line: string) => void;
  /** A timer the simulator cancels on reset and close. */
  schedule(ms: number, fn: () => void | Promise<void>): void;
}

/** The provider's timestamp style (`2021-09-14T11:25:32.132+00:00`). */
export function providerDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

import type {
  ErrorCode,
  MobileStatus,
  RegistrationStatus,
  ReviewStatus,
  SessionErrorCode,
  Status,
  TerminalStatus,
  WebIdentificationStatus,
  WebIdentificationStep,
} from '@borica-identify/protocol/constants';
import type { PersonProblem } from '@borica-identify/protocol/validate';

/** The widget's steps, in order (`done` is any terminal status). */
export type Step = 'load' | 'consent' | 'handoff' | 'done' | 'error';

/** Error codes the widget raises itself, beside the relay's problem codes. */
export type WidgetErrorCode = 'network' | 'qr_unavailable';

/**
 * Every provider value with a sentence of its own (guide 1.2, 4.1, 5.1). `N_A` ("not reviewed yet")
 * says nothing the registration status does not, so it has none: the registration status shows instead.
 */
export type ProviderValue =
  | WebIdentificationStatus
  | WebIdentificationStep
  | RegistrationStatus
  | Exclude<ReviewStatus, 'N_A'>
  | MobileStatus;

/**
 * Every text the widgets show, typed by the vocabularies they come from (steps, statuses, provider
 * values, error codes): a language missing one fails the type check. Override any of it with
 * `el.strings = { cancel: 'Stop' }`.
 */
export interface Translation {
  identify: string;
  sign: string;
  loading: string;
  reason: string;
  consentWeb: string;
  consentMobile: string;
  consentSign: string;
  processor: string;
  terms: string;
  privacy: string;
  agree: string;
  agreeSign: string;
  documents: string;
  details: string;
  idType: string;
  egn: string;
  lnc: string;
  id: string;
  dateOfBirth: string;
  phone: string;
  phoneHint: string;
  email: string;
  /** A field's problem; `rejected`: the relay refused a value the widget's own checks let through. */
  problems: Record<PersonProblem | 'rejected', string>;
  redirecting: string;
  popup: string;
  popupBlocked: string;
  open: string;
  newTab: string;
  frame: string;
  qr: string;
  qrHint: string;
  qrImage: string;
  sameDevice: string;
  mobile: string;
  expiresIn: (time: string) => string;
  cancel: string;
  retry: string;
  again: string;
  error: string;
  /** While the relay cannot be reached: the widget keeps retrying on its own. */
  reconnecting: string;
  /** By the relay's problem `code` (or the widget's own): what went wrong, in the customer's words. */
  errors: Record<ErrorCode | WidgetErrorCode, string>;
  /** Why a session ended `failed`, by its `error.code`. */
  failures: Record<SessionErrorCode, string>;
  /** Our statuses: the headline of each state. */
  status: Record<Status, string>;
  /** Final words per terminal status, for identification and for signing. */
  doneIdentify: Record<TerminalStatus, string>;
  doneSign: Record<TerminalStatus, string>;
  /** The provider's raw statuses and steps, by name. */
  provider: Record<ProviderValue, string>;
}

export type Strings = Partial<Translation>;

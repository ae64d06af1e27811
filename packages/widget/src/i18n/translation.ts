import type { PersonProblem } from '@borica-identify/protocol/validate';

/**
 * Every text the widgets show. Override any of it with `el.strings = { cancel: 'Stop' }`.
 * Provider values (guide 1.2, 4.1, 5.1) are looked up in `provider` by their raw name.
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
  problems: Record<PersonProblem, string>;
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
  errors: Record<string, string>;
  /** Our statuses: the headline of each state. */
  status: Record<string, string>;
  /** Final words per terminal status, for identification and for signing. */
  doneIdentify: Record<string, string>;
  doneSign: Record<string, string>;
  /** The provider's raw statuses and steps, by name. */
  provider: Record<string, string>;
}

export type Strings = Partial<Translation>;

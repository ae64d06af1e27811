import type { ClientSessionView } from '@borica-identify/protocol';
import type { DisplayMode, SessionKind } from '@borica-identify/protocol/constants';
import type { TemplateResult } from 'lit';
import type { BoricaErrorDetail } from './events.ts';
import type { Step, Translation } from './i18n/translation.ts';

/**
 * What the step and hand-off templates (`steps/`, `handoff/`) read from the element, and the actions they
 * offer. Members named `_likeThis` are internal: the build shortens them (vite.config.ts).
 */
export interface View {
  readonly t: Translation;
  readonly kind: SessionKind;
  readonly display: DisplayMode;
  readonly termsUrl: string;
  readonly privacyUrl: string;
  readonly _step: Step;
  readonly _session?: ClientSessionView;
  readonly _problem?: BoricaErrorDetail;
  readonly _busy: boolean;
  /** The browser blocked the window for BORICA's page: a link offers it instead. */
  readonly _blocked: boolean;
  /** The relay cannot be reached right now; the widget is retrying. */
  readonly _lost: boolean;
  /** A session exists (open start: not before consent). */
  readonly _id: string;
  /** Kind-specific content of the consent step. */
  _consent(t: Translation): TemplateResult;
  /** After consent: (create and) start, then hand the customer over. */
  _start(): void;
  _cancel(): void;
  /** Retry the action that failed. */
  _retry(): void;
  /** After an unsuccessful end: a new session (open start), or `borica-retry` for the host. */
  _again(): void;
  /** Leave this page for BORICA's. */
  _go(url: string): void;
  /** BORICA's page in a window of the widget's own (closed at the end); `e`: the link's click. */
  _openWindow(url: string, e?: Event): void;
}

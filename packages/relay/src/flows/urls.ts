/** URLs the relay hands to the provider: where the customer returns, where callbacks arrive. */
import type { DisplayMode } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import type { FlowContext } from './context.ts';

/** How the widget hands the customer over (`POST …/start` body): decides where BORICA sends them back. */
export interface Handoff {
  display?: DisplayMode;
  /** A light page of the relying party's for popup, iframe and qr (already allow-listed). */
  returnUrl?: string;
}

export function callbackUrl(ctx: FlowContext, secret: string): string {
  return `${ctx.config.publicUrl}/v1/borica/callbacks/${secret}`;
}

/**
 * With a returnUrl the customer comes back to the relying party's page with `borica_session` and
 * `borica_outcome`; without one, to the relay's own "you can close this window" page.
 */
export function returnUrls(ctx: FlowContext, s: SessionRecord): { successUrl: string; cancelUrl: string } {
  const build = (outcome: 'success' | 'cancel') => {
    if (s.returnUrl) {
      const url = new URL(s.returnUrl);
      url.searchParams.set('borica_session', s.id);
      url.searchParams.set('borica_outcome', outcome);
      return url.toString();
    }
    const q = new URLSearchParams({ lang: s.language, borica_session: s.id, borica_outcome: outcome });
    return `${ctx.config.publicUrl}/v1/client/return?${q}`;
  };
  return { successUrl: build('success'), cancelUrl: build('cancel') };
}

/**
 * The session as the start sees it: in popup, iframe and qr the window BORICA returns to is not the host
 * page (which would load a second widget there), so the customer comes back to a light page instead — the
 * relying party's `handoff.returnUrl`, or the relay's own page in the session's language, told the mode.
 * Only the provider call sees this; the stored session keeps its returnUrl.
 */
export function withHandoff(ctx: FlowContext, s: SessionRecord, h: Handoff): SessionRecord {
  if (!h.display || h.display === 'redirect') return s;
  const q = new URLSearchParams({ lang: s.language, display: h.display });
  return { ...s, returnUrl: h.returnUrl ?? `${ctx.config.publicUrl}/v1/client/return?${q}` };
}

export function certificateUrl(ctx: FlowContext, id: string): string {
  return `${ctx.config.publicUrl}/v1/identifications/${id}/certificate`;
}

export function signedDocumentUrl(ctx: FlowContext, id: string, index: number): string {
  return `${ctx.config.publicUrl}/v1/signings/${id}/documents/${index}`;
}

/** A provider date if it parses, else the fallback; the provider's deadline is authoritative once known. */
export function providerDeadline(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : fallback;
}

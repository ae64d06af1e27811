/** URLs the relay hands to the provider: where the customer returns, where callbacks arrive. */
import type { SessionRecord } from '../store/types.ts';
import type { FlowContext } from './context.ts';

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
    const q = new URLSearchParams({ outcome, lang: s.language, borica_session: s.id });
    return `${ctx.config.publicUrl}/v1/client/return?${q}`;
  };
  return { successUrl: build('success'), cancelUrl: build('cancel') };
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

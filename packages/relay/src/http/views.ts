/**
 * What each audience sees of a session. The server view is for the relying party's backend; the
 * client view is for the customer's browser and carries no personal data, results or documents.
 */
import type { ClientSessionView, IdentificationView, SigningView } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';

function optional<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

export function identificationView(s: SessionRecord, publicUrl: string): IdentificationView {
  return optional({
    id: s.id,
    kind: 'identification' as const,
    method: s.method ?? 'web',
    status: s.status,
    reason: s.reason ?? '',
    externalRef: s.externalRef,
    language: s.language,
    provider: s.provider,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    expiresAt: s.expiresAt,
    completedAt: s.completedAt,
    result:
      s.status === 'completed' && s.result
        ? optional({
            clientIdentificator: s.result.clientIdentificator,
            signSessionExpiresAt: s.result.signSessionId ? s.result.signSessionExpiresAt : undefined,
            certificateUrl: `${publicUrl}/v1/identifications/${s.id}/certificate`,
          })
        : undefined,
    error: s.error,
  });
}

export function signingView(s: SessionRecord, publicUrl: string): SigningView {
  return optional({
    id: s.id,
    kind: 'signing' as const,
    status: s.status,
    identificationId: s.identificationId ?? '',
    language: s.language,
    provider: s.provider,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    expiresAt: s.expiresAt,
    completedAt: s.completedAt,
    documents: (s.documents ?? []).map((d, i) =>
      optional({
        fileName: d.fileName,
        title: d.title,
        url: d.signed ? `${publicUrl}/v1/signings/${s.id}/documents/${i}` : undefined,
      }),
    ),
    error: s.error,
  });
}

export function clientView(s: SessionRecord): ClientSessionView {
  return optional({
    id: s.id,
    kind: s.kind,
    method: s.method,
    status: s.status,
    reason: s.reason,
    language: s.language,
    expiresAt: s.expiresAt,
    provider: s.provider,
    // Only while the customer can still use it.
    redirectUrl: s.status === 'started' || s.status === 'in_progress' ? s.redirectUrl : undefined,
    documents:
      s.kind === 'signing'
        ? (s.documents ?? []).map((d) => ({ fileName: d.fileName, title: d.title }))
        : undefined,
    error: s.error,
  });
}

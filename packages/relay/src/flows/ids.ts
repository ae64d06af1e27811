/** Unguessable identifiers and secrets; only their sha256 is ever stored or compared. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `idn_…` / `sig_…` + 22 base64url characters (128 random bits). */
export function newSessionId(kind: 'identification' | 'signing'): string {
  return (kind === 'identification' ? 'idn_' : 'sig_') + randomBytes(16).toString('base64url');
}

/** Client tokens and callback secrets: 256 random bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newMessageId(): string {
  return 'msg_' + randomBytes(16).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Equal-time comparison of two strings of any length (hashes first, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export const tokenRef = (tokenHash: string) => `token:${tokenHash}`;
export const callbackRef = (secret: string) => `callback:${sha256Hex(secret)}`;
export const signSessionRef = (signSessionId: string) => `sign-session:${signSessionId}`;
export const signResultRef = (resultId: string) => `sign-result:${resultId}`;

import { createHash } from 'node:crypto';
import type { Person } from '../state/types.ts';

/** The test person prefilled on the identification page (a valid EGN, born 1978-05-16). */
export const TEST_PERSON: Person = { name: 'Иван Петров Иванов', egn: '7805166742', phone: '+359888123456' };

/** The customer's id in the relying party's domain: 64 hex, stable per person and relying party. */
export function clientIdentificator(relyingPartyId: string, idType: string, idValue: string): string {
  return createHash('sha256').update(`borica-simulator|${relyingPartyId}|${idType}|${idValue}`).digest('hex');
}

/** `78******42`: enough to recognise, never the whole number. */
export function maskId(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return value.slice(0, 2) + '*'.repeat(value.length - 4) + value.slice(-2);
}

/** `+359 88* *** *56` */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return maskId(phone);
  return `${phone.slice(0, 4)} ${phone.slice(4, 6)}* *** *${phone.slice(-2)}`;
}

export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return maskId(email);
  return `${email[0]}***${email.slice(at)}`;
}

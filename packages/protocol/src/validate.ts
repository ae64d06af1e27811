/**
 * Checks of Bulgarian personal identifiers and contact details, shared by the relay (authoritative)
 * and the widget's mobile form (as-you-type feedback). No dependencies: the widget imports this.
 */

const EGN_WEIGHTS = [2, 4, 8, 5, 10, 9, 7, 3, 6];
const LNC_WEIGHTS = [21, 19, 17, 13, 11, 9, 7, 3, 1];

/** Birth date encoded in an EGN as `YYYY-MM-DD`, or null when the digits name no real date. */
export function egnBirthDate(egn: string): string | null {
  if (!/^\d{10}$/.test(egn)) return null;
  const yy = Number(egn.slice(0, 2));
  let mm = Number(egn.slice(2, 4));
  const dd = Number(egn.slice(4, 6));
  let year = 1900 + yy;
  // The month carries the century: +20 for 1800s, +40 for 2000s.
  if (mm > 40) {
    mm -= 40;
    year = 2000 + yy;
  } else if (mm > 20) {
    mm -= 20;
    year = 1800 + yy;
  }
  if (mm < 1 || mm > 12 || dd < 1) return null;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** A valid EGN: ten digits, a real birth date, and the checksum digit. */
export function isValidEgn(egn: string): boolean {
  if (!/^\d{10}$/.test(egn) || egnBirthDate(egn) === null) return false;
  const sum = EGN_WEIGHTS.reduce((acc, w, i) => acc + w * Number(egn[i]), 0);
  const check = (sum % 11) % 10; // remainder 10 counts as 0
  return check === Number(egn[9]);
}

/** A valid LNC (personal number of a foreigner): ten digits and the checksum digit. */
export function isValidLnc(lnc: string): boolean {
  if (!/^\d{10}$/.test(lnc)) return false;
  const sum = LNC_WEIGHTS.reduce((acc, w, i) => acc + w * Number(lnc[i]), 0);
  return sum % 10 === Number(lnc[9]);
}

/** E.164: a plus, a non-zero first digit, at most 15 digits in all. */
export function isE164(phone: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(phone);
}

/** Pragmatic e-mail syntax: one @, a dotted domain, no spaces; at most 254 characters. */
export function isEmail(email: string): boolean {
  return (
    email.length <= 254 && /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:.]{2,}$/.test(email)
  );
}

/** Calendar date `YYYY-MM-DD` that exists. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export type PersonField = 'idType' | 'id' | 'dateOfBirth' | 'phone' | 'email';
/** Stable reasons a person field fails; the widget maps them to sentences in both languages. */
export type PersonProblem =
  | 'required'
  | 'egn_invalid'
  | 'lnc_invalid'
  | 'date_invalid'
  | 'date_mismatch'
  | 'phone_invalid'
  | 'email_invalid';

export interface PersonInput {
  idType?: string;
  id?: string;
  dateOfBirth?: string;
  phone?: string;
  email?: string;
}

/**
 * Every problem with a B-Trust MOBILE person, field by field. Empty when valid.
 * EGN/LNC must pass their checksums; an EGN's embedded birth date must equal `dateOfBirth`.
 */
export function checkPerson(p: PersonInput): Partial<Record<PersonField, PersonProblem>> {
  const out: Partial<Record<PersonField, PersonProblem>> = {};
  if (!p.idType) out.idType = 'required';
  if (!p.id) out.id = 'required';
  else if (p.idType === 'EGN' && !isValidEgn(p.id)) out.id = 'egn_invalid';
  else if (p.idType === 'LNC' && !isValidLnc(p.id)) out.id = 'lnc_invalid';
  else if (p.idType === 'EMAIL' && !isEmail(p.id)) out.id = 'email_invalid';
  else if (p.idType === 'PHONE' && !isE164(p.id)) out.id = 'phone_invalid';
  if (!p.dateOfBirth) out.dateOfBirth = 'required';
  else if (!isIsoDate(p.dateOfBirth)) out.dateOfBirth = 'date_invalid';
  else if (p.idType === 'EGN' && p.id && !out.id && egnBirthDate(p.id) !== p.dateOfBirth) {
    out.dateOfBirth = 'date_mismatch';
  }
  if (!p.phone) out.phone = 'required';
  else if (!isE164(p.phone)) out.phone = 'phone_invalid';
  if (!p.email) out.email = 'required';
  else if (!isEmail(p.email)) out.email = 'email_invalid';
  return out;
}

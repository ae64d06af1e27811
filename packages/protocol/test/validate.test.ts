import { describe, expect, it } from 'vitest';
import { CreateIdentificationRequest } from '../src/schemas.ts';
import { checkPerson, egnBirthDate, isE164, isEmail, isValidEgn, isValidLnc } from '../src/validate.ts';

describe('EGN', () => {
  it('accepts valid numbers across centuries and reads their birth date', () => {
    expect(isValidEgn('7501020018')).toBe(true);
    expect(egnBirthDate('7501020018')).toBe('1975-01-02');
    expect(isValidEgn('0041010018')).toBe(true);
    expect(egnBirthDate('0041010018')).toBe('2000-01-01');
  });
  it('rejects a wrong check digit, a non-date and non-digits', () => {
    expect(isValidEgn('7501020019')).toBe(false);
    expect(isValidEgn('7513020018')).toBe(false);
    expect(isValidEgn('75010200a8')).toBe(false);
  });
});

describe('LNC, phone, e-mail', () => {
  it('checks the LNC check digit', () => {
    expect(isValidLnc('1001000004')).toBe(true);
    expect(isValidLnc('1001000005')).toBe(false);
  });
  it('checks E.164 and e-mail syntax', () => {
    expect(isE164('+359888123456')).toBe(true);
    expect(isE164('0888123456')).toBe(false);
    expect(isEmail('ivan@example.bg')).toBe(true);
    expect(isEmail('ivan@@example')).toBe(false);
  });
});

describe('person and create request', () => {
  const person = {
    idType: 'EGN',
    id: '7501020018',
    dateOfBirth: '1975-01-02',
    phone: '+359888123456',
    email: 'a@b.bg',
  };
  it('names the field whose birth date disagrees with the EGN', () => {
    expect(checkPerson({ ...person, dateOfBirth: '1975-01-03' })).toEqual({ dateOfBirth: 'date_mismatch' });
    expect(checkPerson(person)).toEqual({});
  });
  it('rejects unknown fields and a mobile request without a person', () => {
    const r1 = CreateIdentificationRequest.safeParse({ method: 'web', reason: 'x', colour: 'red' });
    expect(r1.success).toBe(false);
    const r2 = CreateIdentificationRequest.safeParse({ method: 'mobile', reason: 'x' });
    expect(r2.success).toBe(false);
    expect(r2.error?.issues[0]?.path).toEqual(['person']);
    const r3 = CreateIdentificationRequest.safeParse({ method: 'mobile', reason: 'x', person });
    expect(r3.success).toBe(true);
  });
});

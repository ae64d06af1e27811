import { describe, expect, it } from 'vitest';
import { parseCallback } from '../../src/provider/index.ts';
import {
  CreateRegistrationAnswer,
  IdentificationRequest,
  IdentificationResultAnswer,
  RegistrationStatusAnswer,
  SignResultsAnswer,
  StartSigningAnswer,
  StartSigningRequest,
  StartWebIdentificationAnswer,
  WebIdentificationResultsAnswer,
  WebIdentificationStatusAnswer,
} from '../../src/provider/schemas.ts';
import { MOBILE_REQUEST, TINY_PDF } from './helpers.ts';

describe('request schemas (exact in what we send)', () => {
  it('builds the guide 1.1 body: dd-MM-yyyy, EGN as a digit string, default payer', () => {
    const wire = IdentificationRequest.parse(MOBILE_REQUEST);
    expect(wire).toEqual({
      personIdentityData: { docType: 'EGN', identificatorValue: '0841019992', dateOfBirth: '01-01-2008' },
      phoneNumber: '+359888123456',
      email: 'test@example.com',
      payer: 'RELYING_PARTY',
      identificationReason: 'Opening an account',
    });
    expect(JSON.stringify(wire)).toContain('"identificatorValue":"0841019992"');
  });

  it('refuses a non-date, a non-digit EGN, and names the field without echoing the value', () => {
    const r = IdentificationRequest.safeParse({
      ...MOBILE_REQUEST,
      person: { docType: 'EGN', identificatorValue: '12345abcde', dateOfBirth: '2008-02-30' },
    });
    expect(r.success).toBe(false);
    const text = JSON.stringify(r.error?.issues.map((i) => [i.path, i.message]));
    expect(text).toContain('identificatorValue');
    expect(text).toContain('dateOfBirth');
    expect(text).not.toContain('12345abcde');
  });

  it('accepts e-mail and phone identifiers as they are', () => {
    const wire = IdentificationRequest.parse({
      ...MOBILE_REQUEST,
      person: { docType: 'EMAIL', identificatorValue: 'a@b.bg', dateOfBirth: '1978-05-16' },
    });
    expect(wire.personIdentityData).toEqual({
      docType: 'EMAIL',
      identificatorValue: 'a@b.bg',
      dateOfBirth: '16-05-1978',
    });
  });

  it('keeps the guide 3.1 spelling toBeArhieved and requires pageNumber ≥ 1', () => {
    const doc = {
      contentAsBase64: TINY_PDF,
      fileName: 'a.pdf',
      legalFileName: 'Contract',
      padesVisualSignature: true,
      signaturePosition: { imageHeight: 50, imageWidth: 150, imageXAxis: 40, imageYAxis: 700, pageNumber: 1 },
      toBeArhieved: false,
    };
    const base = {
      identificator: 'x'.repeat(64),
      signSessionId: 's',
      sendSignedDocumentsByEmail: false,
      cancelUrl: 'https://rp.example/cancel',
      successUrl: 'https://rp.example/ok',
    };
    expect(JSON.stringify(StartSigningRequest.parse({ ...base, documentsForSign: [doc] }))).toContain(
      '"toBeArhieved":false',
    );
    const bad = { ...doc, signaturePosition: { ...doc.signaturePosition, pageNumber: 0 } };
    expect(StartSigningRequest.safeParse({ ...base, documentsForSign: [bad] }).success).toBe(false);
    expect(StartSigningRequest.safeParse({ ...base, documentsForSign: [] }).success).toBe(false);
  });
});

describe('answer schemas (liberal in what we accept)', () => {
  it('normalises numeric ids to strings (guide 2.1, 3.1) and ignores extra fields', () => {
    expect(
      StartWebIdentificationAnswer.parse({
        data: { webSessionId: 'w', resultId: 95, webSessionExpireDate: 'd', extra: 1 },
        responseCode: 'ACCEPTED',
      }),
    ).toEqual({ webSessionId: 'w', resultId: '95', webSessionExpireDate: 'd' });
    expect(
      StartSigningAnswer.parse({
        data: { clientDocumentUrl: 'https://u.example/x', expireDate: 'e', resultId: '109' },
      }).resultId,
    ).toBe('109');
  });

  it('reads pending and finished mobile results (guide 1.2)', () => {
    expect(IdentificationResultAnswer.parse({ status: 'ON_BOARDING', responseCode: 'OK' })).toEqual({
      status: 'ON_BOARDING',
      finished: false,
    });
    expect(
      IdentificationResultAnswer.parse({
        status: 'FINISHED',
        data: {
          content: 'JVBER',
          identificator: 'abc',
          identification_before: 'BORICA',
          identification_reason: 'r',
        },
      }),
    ).toEqual({
      status: 'FINISHED',
      finished: true,
      content: 'JVBER',
      identificator: 'abc',
      identificationBefore: 'BORICA',
      identificationReason: 'r',
    });
    expect(IdentificationResultAnswer.safeParse({ status: 'FINISHED', data: null }).success).toBe(false);
    expect(IdentificationResultAnswer.safeParse({ responseCode: 'OK' }).success).toBe(false);
  });

  it('takes createRegistration and getRegistrationStatus bare (guide 2.2, 4.1) or wrapped', () => {
    const reg = {
      sessionId: 's',
      registrationId: 'r',
      createdOn: 'c',
      expiredOn: 'e',
      serviceName: 'n',
      otcRequestId: 'w',
      userLanguage: 'bg',
    };
    expect(CreateRegistrationAnswer.parse(reg)).toMatchObject({
      sessionId: 's',
      registrationId: 'r',
      otcRequestId: 'w',
    });
    expect(CreateRegistrationAnswer.parse({ data: reg, code: 'OK' })).toMatchObject({ sessionId: 's' });
    expect(CreateRegistrationAnswer.parse({ sessionId: 's', registrationId: 'r' })).toMatchObject({
      sessionId: 's',
    });
    expect(
      RegistrationStatusAnswer.parse({ status: 'STARTED', reviewStatus: 'N_A', reviewedOn: null }),
    ).toMatchObject({
      status: 'STARTED',
      reviewStatus: 'N_A',
    });
    expect(RegistrationStatusAnswer.parse({ data: { status: 'EXPIRED' } }).status).toBe('EXPIRED');
    expect(RegistrationStatusAnswer.safeParse({ reviewStatus: 'N_A' }).success).toBe(false);
  });

  it('reads web results with and without the eID document, sign results wrapped or not', () => {
    expect(
      WebIdentificationResultsAnswer.parse({ data: { clientIdentificator: 'c', signSessionId: 's' } }),
    ).toMatchObject({ clientIdentificator: 'c', signSessionId: 's' });
    const docs = { signDocuments: [{ filename: 'a.pdf', contentAsBase64: 'JVBER' }], signSessionId: 'n' };
    expect(SignResultsAnswer.parse({ data: docs })).toMatchObject(docs);
    expect(SignResultsAnswer.parse(docs)).toMatchObject(docs);
    expect(
      SignResultsAnswer.parse({ data: { signDocuments: [{ fileName: 'b.pdf', contentAsBase64: 'x' }] } })
        .signDocuments,
    ).toEqual([{ filename: 'b.pdf', contentAsBase64: 'x' }]);
    expect(WebIdentificationStatusAnswer.parse({ data: { status: 'SOMETHING_NEW' } })).toMatchObject({
      status: 'SOMETHING_NEW',
    });
  });
});

describe('parseCallback (operation 5)', () => {
  it('accepts resultId as a string (guide 2.4) or a number (guide 3.2)', () => {
    const ident = parseCallback({
      code: 'OK',
      message: 'The request has been executed successfully.',
      requestId: 315,
      relyingPartyId: 24102167,
      data: {
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId: 'w',
        resultId: '95',
        dataMessage: 'done',
      },
    });
    expect(ident).toEqual({
      ok: true,
      value: {
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId: 'w',
        resultId: '95',
        dataMessage: 'done',
        requestId: '315',
        relyingPartyId: '24102167',
        code: 'OK',
      },
    });
    const sign = parseCallback(
      JSON.stringify({ data: { processState: 'SIGN_SESSION', sessionId: 's', resultId: 109 } }),
    );
    expect(sign).toEqual({
      ok: true,
      value: { processState: 'SIGN_SESSION', sessionId: 's', resultId: '109' },
    });
  });

  it('names what is missing and survives junk', () => {
    const r = parseCallback({ data: { processState: 'SIGN_SESSION' } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.join(' ')).toMatch(/data\.sessionId.*data\.resultId|data\.resultId.*data\.sessionId/);
    expect(parseCallback('not json')).toEqual({ ok: false, problems: ['(body): not JSON'] });
    expect(parseCallback(null).ok).toBe(false);
    expect(parseCallback([1, 2]).ok).toBe(false);
  });
});

/**
 * Every scenario of the guide, end to end against the real simulator over real mutual TLS.
 */
import { type Simulator, startSimulator } from '@borica-identify/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ProviderCallback, parseCallback } from '../../src/provider/index.ts';
import { callbackReceiver } from './callback-receiver.ts';
import {
  MOBILE_REQUEST,
  makeClient,
  rejection,
  type TestClient,
  TINY_PDF,
  testPki,
  until,
} from './helpers.ts';

let sim: Simulator;
let client: TestClient;
let receiver: Awaited<ReturnType<typeof callbackReceiver>>;

beforeAll(async () => {
  sim = await startSimulator({
    pki: await testPki(),
    timing: { mobileOnboardingMs: 1000, processingMs: 30, mobileValidityMs: 60_000 },
  });
  client = makeClient(sim.pki, sim.apiUrl);
  receiver = await callbackReceiver();
});
afterEach(() => {
  sim.control.reset();
  receiver.bodies.length = 0;
});
afterAll(async () => {
  await client.close();
  await receiver.close();
  await sim.close();
});

const HEX64 = /^[0-9a-f]{64}$/;
const REGISTRATION = {
  cancelUrl: 'https://rp.example/cancel',
  successUrl: 'https://rp.example/success',
  externalRef: 'session-1',
  userLanguage: 'en' as const,
  verifyEmailAddress: true,
  verifyPhoneNumber: true,
  showGtcGdp: true,
  showMainInfo: true,
};

/** Waits for the callback matching `processState` and parses it as the relay would. */
async function callback(processState: string): Promise<ProviderCallback> {
  return until(() => {
    for (const body of receiver.bodies) {
      const parsed = parseCallback(body);
      if (parsed.ok && parsed.value.processState === processState) return parsed.value;
    }
    return undefined;
  });
}

async function startWeb() {
  const started = await client.startWebIdentification({
    requestCallbackUrl: receiver.url,
    identificationReason: 'Opening an account',
  });
  const registration = await client.createRegistration(started.webSessionId, REGISTRATION);
  return { ...started, ...registration };
}

async function identified() {
  const web = await startWeb();
  await sim.control.completeIdentification(web.sessionId, 'success');
  const cb = await callback('CREATE_SIGN_SESSION_REQUEST');
  const results = await client.getWebIdentificationResults({
    resultId: cb.resultId,
    processState: cb.processState,
    sessionId: cb.sessionId,
    onlyMetadata: true,
  });
  return { web, cb, results };
}

const DOCUMENT = {
  contentAsBase64: TINY_PDF,
  fileName: 'contract.pdf',
  legalFileName: 'Contract No. 1',
  padesVisualSignature: true,
  signaturePosition: { imageHeight: 60, imageWidth: 180, imageXAxis: 50, imageYAxis: 700, pageNumber: 1 },
  toBeArhieved: false,
};

function signRequest(identificator: string, signSessionId: string) {
  return {
    identificator,
    signSessionId,
    documentsForSign: [DOCUMENT],
    sendSignedDocumentsByEmail: false,
    cancelUrl: 'https://rp.example/sign-cancel',
    successUrl: 'https://rp.example/sign-success',
  };
}

describe('B-Trust MOBILE (guide 1)', () => {
  it('goes ON_BOARDING → IN_PROGRESS → FINISHED with the eID certificate', async () => {
    const { callbackId, validity } = await client.identification(MOBILE_REQUEST);
    expect(callbackId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(validity)).toBeGreaterThan(Date.now());
    await expect(client.getIdentificationResult(callbackId)).resolves.toEqual({
      status: 'ON_BOARDING',
      finished: false,
    });
    await until(async () => (await client.getIdentificationResult(callbackId)).status === 'IN_PROGRESS');
    await sim.control.completeMobile(callbackId, 'approve');
    const done = await client.getIdentificationResult(callbackId);
    expect(done).toMatchObject({ status: 'FINISHED', finished: true, identificationBefore: 'BORICA' });
    if (!done.finished) throw new Error('not finished');
    expect(Buffer.from(done.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(done.identificator).toMatch(HEX64);
    expect(done.identificationReason).toBe('Opening an account');
  });

  it('a customer who declines makes the request REJECTED; an unknown id is NOT_FOUND', async () => {
    const { callbackId } = await client.identification(MOBILE_REQUEST);
    await sim.control.completeMobile(callbackId, 'reject');
    const e = await rejection(client.getIdentificationResult(callbackId), 'BORICA_REJECTED');
    expect(e).toMatchObject({ providerCode: 'REJECTED', retryable: false });
    await rejection(
      client.getIdentificationResult('00000000-0000-0000-0000-000000000000'),
      'BORICA_NOT_FOUND',
    );
  });
});

describe('web identification (guide 2, 4, 5)', () => {
  it('registration, customer completion, callback, results download', async () => {
    const started = await client.startWebIdentification({
      requestCallbackUrl: receiver.url,
      identificationReason: 'Opening an account',
    });
    expect(started.resultId).toMatch(/^\d+$/); // a JSON number on the wire (guide 2.1), a string for us
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toEqual({
      status: 'START_WEB_SESSION',
      step: 'START',
    });

    const reg = await client.createRegistration(started.webSessionId, REGISTRATION);
    expect(reg).toMatchObject({
      otcRequestId: started.webSessionId,
      serviceName: `OTC_RELYING_PARTY_${sim.relyingPartyId}`,
    });
    await expect(client.getRegistrationStatus(reg.registrationId)).resolves.toMatchObject({
      status: 'STARTED',
      reviewStatus: 'N_A',
      registrationId: reg.registrationId,
    });
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toEqual({
      status: 'IN_PROGRESS',
      step: 'WEB_IDV_REGISTRATION',
    });

    await sim.control.completeIdentification(reg.sessionId, 'success');
    const cb = await callback('CREATE_SIGN_SESSION_REQUEST');
    expect(cb).toMatchObject({ sessionId: started.webSessionId, resultId: started.resultId });
    await expect(client.getRegistrationStatus(reg.registrationId)).resolves.toMatchObject({
      status: 'FINALIZED',
      reviewStatus: 'ALLOW_DENY',
    });
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toEqual({
      status: 'CREATE_SIGN_SESSION_REQUEST',
      step: 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED',
    });

    const full = await client.getWebIdentificationResults({ ...cb, onlyMetadata: false });
    expect(
      Buffer.from(full.eIDDocAsBase64 ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(full.clientIdentificator).toMatch(HEX64);
    const meta = await client.getWebIdentificationResults({ ...cb, onlyMetadata: true });
    expect(meta.eIDDocAsBase64).toBeUndefined();
    expect(meta.signSessionId).toBe(full.signSessionId);
  });

  it('agent review: FINALIZE_REJECT, then approve → ALLOWED and the callback; deny → DENIED', async () => {
    const a = await startWeb();
    await sim.control.completeIdentification(a.sessionId, 'review');
    await expect(client.getRegistrationStatus(a.registrationId)).resolves.toMatchObject({
      status: 'COMPLETED',
      reviewStatus: 'FINALIZE_REJECT',
    });
    await sim.control.review(a.sessionId, 'approve');
    await callback('CREATE_SIGN_SESSION_REQUEST');
    await expect(client.getRegistrationStatus(a.registrationId)).resolves.toMatchObject({
      status: 'FINALIZED',
      reviewStatus: 'ALLOWED',
    });

    const b = await startWeb();
    await sim.control.completeIdentification(b.sessionId, 'review');
    await sim.control.review(b.sessionId, 'deny');
    await expect(client.getRegistrationStatus(b.registrationId)).resolves.toMatchObject({
      status: 'REJECTED',
      reviewStatus: 'DENIED',
    });
    await expect(client.getWebIdentificationStatus(b.resultId)).resolves.toEqual({
      status: 'IN_PROGRESS',
      step: 'WEB_IDV_REGISTRATION_FAILED',
    });
  });

  it('cancel, failure and expiry show in both status operations', async () => {
    const cancelled = await startWeb();
    await sim.control.completeIdentification(cancelled.sessionId, 'cancel');
    await expect(client.getRegistrationStatus(cancelled.registrationId)).resolves.toMatchObject({
      status: 'REJECTED',
      reviewStatus: 'N_A',
    });
    await expect(client.getWebIdentificationStatus(cancelled.resultId)).resolves.toMatchObject({
      status: 'PROCESS_IS_CANCELED_BY_USER',
    });

    const failed = await startWeb();
    await sim.control.completeIdentification(failed.sessionId, 'fail');
    await expect(client.getRegistrationStatus(failed.registrationId)).resolves.toMatchObject({
      status: 'REJECTED',
    });
    await expect(client.getWebIdentificationStatus(failed.resultId)).resolves.toEqual({
      status: 'IN_PROGRESS',
      step: 'WEB_IDV_REGISTRATION_FAILED',
    });

    const expired = await startWeb();
    sim.control.expire(expired.registrationId);
    await expect(client.getRegistrationStatus(expired.registrationId)).resolves.toMatchObject({
      status: 'EXPIRED',
    });
    expect(receiver.bodies).toHaveLength(0); // the guide defines callbacks for success only
  });

  it('a second registration for the same web session is a bad request; results before completion are not found', async () => {
    const web = await startWeb();
    const e = await rejection(
      client.createRegistration(web.webSessionId, REGISTRATION),
      'BORICA_BAD_REQUEST',
    );
    expect(e.httpStatus).toBe(400);
    await rejection(
      client.getWebIdentificationResults({
        resultId: web.resultId,
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId: web.webSessionId,
        onlyMetadata: true,
      }),
      'BORICA_NOT_FOUND',
    );
  });
});

describe('signing with OTC (guide 3)', () => {
  it('signs, downloads the signed PDF, and signs again with the new sign session', async () => {
    const { results, cb: identCb } = await identified();
    const started = await client.startSigning(
      signRequest(results.clientIdentificator, results.signSessionId),
    );
    expect(started.resultId).toMatch(/^\d+$/);
    const token = started.clientDocumentUrl.split('/').pop() ?? '';
    expect(token).toMatch(HEX64);
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toMatchObject({
      status: 'SIGN_SESSION',
    });
    expect(sim.control.lastSigningDocuments(token)).toEqual([
      { fileName: 'contract.pdf', contentAsBase64: TINY_PDF },
    ]);

    await sim.control.sign(token, 'sign');
    const cb = await callback('SIGN_SESSION');
    expect(cb).toMatchObject({ resultId: started.resultId, sessionId: results.signSessionId });
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toEqual({
      status: 'SIGNED_CLIENT_DOCUMENT',
      step: 'SIGNING_WITH_SIGN_SESSION_SUCCESS',
    });
    const signed = await client.getSignResults({ resultId: cb.resultId, sessionId: cb.sessionId });
    expect(signed.signDocuments).toHaveLength(1);
    expect(signed.signDocuments[0]?.filename).toBe('contract.pdf');
    expect(
      Buffer.from(signed.signDocuments[0]?.contentAsBase64 ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(signed.clientIdentificator).toBe(results.clientIdentificator);
    expect(signed.signSessionId).toBeDefined();
    expect(signed.signSessionId).not.toBe(results.signSessionId);
    expect(identCb.processState).toBe('CREATE_SIGN_SESSION_REQUEST');

    // the consumed sign session is gone; the new one works
    await expect(
      client.startSigning(signRequest(results.clientIdentificator, results.signSessionId)),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^BORICA_(BAD_REQUEST|NOT_FOUND|REJECTED)$/),
    });
    const again = await client.startSigning(
      signRequest(results.clientIdentificator, signed.signSessionId ?? ''),
    );
    expect(again.resultId).not.toBe(started.resultId);
  });

  it('a customer who cancels shows PROCESS_IS_CANCELED_BY_USER', async () => {
    const { results } = await identified();
    const started = await client.startSigning(
      signRequest(results.clientIdentificator, results.signSessionId),
    );
    await sim.control.sign(started.clientDocumentUrl.split('/').pop() ?? '', 'cancel');
    await expect(client.getWebIdentificationStatus(started.resultId)).resolves.toEqual({
      status: 'PROCESS_IS_CANCELED_BY_USER',
      step: 'SIGNING_CLIENT_DOCUMENTS',
    });
  });
});

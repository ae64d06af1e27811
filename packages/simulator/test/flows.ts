import type { Agent } from 'undici';
import { expect } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { api, samplePdf } from './helpers.ts';

export const registrationBody = {
  cancelUrl: 'https://rp.example/cancel',
  deviceFingerprint: {},
  externalRef: '1',
  successUrl: 'https://rp.example/success',
  userLanguage: 'bg',
  verifyEmailAddress: true,
  verifyPhoneNumber: true,
  showGtcGdp: true,
  showMainInfo: true,
};

/** websession/start + createRegistration. */
export async function startWeb(sim: Simulator, agent: Agent, callbackUrl: string, extra: object = {}) {
  const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
    requestCallbackUrl: callbackUrl,
    identificationReason: 'TEST IDENTIFICATION',
  });
  expect(start.status).toBe(200);
  const { webSessionId, resultId } = start.body.data;
  const reg = await api(sim, agent, 'POST', `/identification/web/sessions/by-otc-request/${webSessionId}`, {
    ...registrationBody,
    ...extra,
  });
  expect(reg.status).toBe(200);
  return {
    webSessionId,
    resultId: resultId as number,
    sessionId: reg.body.sessionId as string,
    registrationId: reg.body.registrationId as string,
    registration: reg.body,
  };
}

/** A completed web identification: returns its results (clientIdentificator, signSessionId). */
export async function identified(sim: Simulator, agent: Agent, callbackUrl: string) {
  const web = await startWeb(sim, agent, callbackUrl);
  await sim.control.completeIdentification(web.sessionId, 'success');
  const res = await api(
    sim,
    agent,
    'GET',
    `/identification/web/${web.resultId}/result/CREATE_SIGN_SESSION_REQUEST/${web.webSessionId}/true`,
  );
  expect(res.status).toBe(200);
  return {
    ...web,
    clientIdentificator: res.body.data.clientIdentificator as string,
    signSessionId: res.body.data.signSessionId as string,
  };
}

export async function signBody(identificator: string, signSessionId: string, pages = 2) {
  return {
    identificator,
    signSessionId,
    documentsForSign: [
      {
        contentAsBase64: await samplePdf(pages),
        fileName: 'contract.pdf',
        legalFileName: 'Contract <b>No. 1</b>',
        padesVisualSignature: true,
        signaturePosition: {
          imageHeight: 60,
          imageWidth: 180,
          imageXAxis: 50,
          imageYAxis: 700,
          pageNumber: pages,
        },
        toBeArhieved: false,
      },
    ],
    sendSignedDocumentsByEmail: false,
    cancelUrl: 'https://rp.example/sign-cancel',
    successUrl: 'https://rp.example/sign-success',
  };
}

export function tokenOf(clientDocumentUrl: string): string {
  return clientDocumentUrl.split('/').pop() as string;
}

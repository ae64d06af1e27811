import { PDFDocument } from 'pdf-lib';
import type { Agent } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { type Receiver, useSimulator } from './fixture.ts';
import { identified, signBody, tokenOf } from './flows.ts';
import { api, sleep, until } from './helpers.ts';

const env = useSimulator();
let sim: Simulator;
let agent: Agent;
let receiver: Receiver;
beforeAll(() => ({ sim, agent, receiver } = env));

const startSigning = (body: unknown) =>
  api(sim, agent, 'POST', '/identification/web/signsession/start', body, { 'accept-language': 'en' });
const status = async (resultId: number) => {
  const s = await api(sim, agent, 'GET', `/identification/web/${resultId}/status`);
  return `${s.body.data.status}/${s.body.data.step}`;
};

describe('signing with OTC', () => {
  it('signs, calls back, returns the signed PDFs and a new sign session that signs again', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    await until(() => receiver.received.length === 1);
    const body = await signBody(id.clientIdentificator, id.signSessionId);
    const start = await startSigning(body);
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      responseCode: 'OK',
      code: 'OK',
      message: 'The request has been executed successfully.',
    });
    const { clientDocumentUrl, expireDate, resultId } = start.body.data;
    expect(clientDocumentUrl).toMatch(
      new RegExp(`^${sim.pagesUrl}/cqes/api/web-identification/[0-9a-f]{64}$`),
    );
    expect(expireDate).toMatch(/\+00:00$/);
    expect(typeof resultId).toBe('number');
    expect(await status(resultId)).toBe('SIGN_SESSION/START');
    const token = tokenOf(clientDocumentUrl);
    expect(sim.control.lastSigningDocuments(token)).toEqual([
      { fileName: 'contract.pdf', contentAsBase64: body.documentsForSign[0]!.contentAsBase64 },
    ]);

    const early = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${resultId}/result/SIGN_SESSION/${id.signSessionId}`,
    );
    expect(early.status).toBe(404);

    await sim.control.sign(token, 'sign');
    await until(() => receiver.received.length === 2);
    expect(receiver.received[1]!.body).toEqual({
      code: 'OK',
      message: 'The request has been executed successfully.',
      requestId: expect.any(Number),
      relyingPartyId: 123456789,
      data: {
        processState: 'SIGN_SESSION',
        sessionId: id.signSessionId,
        resultId,
        dataMessage: `The request with resultID ${resultId} completed successfully`,
      },
    });
    expect(await status(resultId)).toBe('SIGNED_CLIENT_DOCUMENT/SIGNING_WITH_SIGN_SESSION_SUCCESS');

    const result = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${resultId}/result/SIGN_SESSION/${id.signSessionId}`,
    );
    expect(result.status).toBe(200);
    const data = result.body.data;
    expect(data.clientIdentificator).toBe(id.clientIdentificator);
    expect(data.signSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.signSessionId).not.toBe(id.signSessionId);
    expect(data.signSessionIdExpireDate).toMatch(/\+00:00$/);
    expect(data.signDocuments).toHaveLength(1);
    expect(data.signDocuments[0].filename).toBe('contract.pdf');
    const signed = await PDFDocument.load(Buffer.from(data.signDocuments[0].contentAsBase64, 'base64'), {
      updateMetadata: false,
    });
    expect(signed.getPageCount()).toBe(2);
    expect(data.signDocuments[0].contentAsBase64).not.toBe(body.documentsForSign[0]!.contentAsBase64);
    expect(signed.getProducer()).toContain('B-Trust OTC');
    expect(signed.getKeywords()).toContain('signed');

    // The consumed sign session is refused; the new one works.
    const reused = await startSigning(body);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ data: null, code: 'REJECTED' });
    expect(reused.body.message).toContain('already used');
    const second = await startSigning(await signBody(id.clientIdentificator, data.signSessionId, 1));
    expect(second.status).toBe(200);
    expect(second.body.data.resultId).not.toBe(resultId);
    await sim.control.sign(tokenOf(second.body.data.clientDocumentUrl), 'sign');
    await until(() => receiver.received.length === 3);
    expect(receiver.received[2]!.body.data.sessionId).toBe(data.signSessionId);
  });

  it('cancel: PROCESS_IS_CANCELED_BY_USER, results rejected, no callback', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    const start = await startSigning(await signBody(id.clientIdentificator, id.signSessionId));
    const token = tokenOf(start.body.data.clientDocumentUrl);
    await sim.control.sign(token, 'cancel');
    expect(await status(start.body.data.resultId)).toBe(
      'PROCESS_IS_CANCELED_BY_USER/SIGNING_CLIENT_DOCUMENTS',
    );
    const result = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${start.body.data.resultId}/result/SIGN_SESSION/${id.signSessionId}`,
    );
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('REJECTED');
    await sleep(30);
    expect(receiver.received.filter((r) => r.body.data.processState === 'SIGN_SESSION')).toHaveLength(0);
    await expect(sim.control.sign(token, 'sign')).rejects.toThrow(/already/);
  });

  it('a wrong SMS code changes nothing; the right one signs', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    const start = await startSigning(await signBody(id.clientIdentificator, id.signSessionId));
    const token = tokenOf(start.body.data.clientDocumentUrl);
    const right = sim.control.smsCode(token);
    const wrong = right === '000000' ? '111111' : '000000';
    await expect(sim.control.sign(token, 'sign', wrong)).rejects.toThrow(/SMS code/);
    expect(await status(start.body.data.resultId)).toBe('SIGN_SESSION/START');
    await sim.control.sign(token, 'sign', right);
    await until(
      async () =>
        (await status(start.body.data.resultId)) ===
        'SIGNED_CLIENT_DOCUMENT/SIGNING_WITH_SIGN_SESSION_SUCCESS',
    );
  });

  it('an expired signing can no longer be signed', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    const start = await startSigning(await signBody(id.clientIdentificator, id.signSessionId));
    const token = tokenOf(start.body.data.clientDocumentUrl);
    sim.control.expire(token);
    await expect(sim.control.sign(token, 'sign')).rejects.toThrow(/expired/);
  });
});

describe('signing: refusals', () => {
  it('refuses unknown, expired and foreign sign sessions', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    const unknown = await startSigning(
      await signBody(id.clientIdentificator, '00000000-0000-4000-8000-000000000000'),
    );
    expect(unknown.status).toBe(404);
    const foreign = await startSigning(await signBody('a'.repeat(64), id.signSessionId));
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('REJECTED');
    sim.control.expire(id.signSessionId);
    const expired = await startSigning(await signBody(id.clientIdentificator, id.signSessionId));
    expect(expired.status).toBe(400);
    expect(expired.body.message).toContain('expired');
  });

  it('refuses a non-PDF and a page past the end, without using up the sign session', async () => {
    const id = await identified(sim, agent, `${receiver.url}/cb`);
    const body = await signBody(id.clientIdentificator, id.signSessionId);
    const notPdf = await startSigning({
      ...body,
      documentsForSign: [
        { ...body.documentsForSign[0], contentAsBase64: Buffer.from('hello world').toString('base64') },
      ],
    });
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.message).toContain('documentsForSign[0].contentAsBase64 is not a PDF');
    const pastEnd = await startSigning({
      ...body,
      documentsForSign: [
        {
          ...body.documentsForSign[0],
          signaturePosition: { ...body.documentsForSign[0]!.signaturePosition, pageNumber: 9 },
        },
      ],
    });
    expect(pastEnd.status).toBe(400);
    expect(pastEnd.body.message).toContain('pageNumber');
    const noPosition = await startSigning({
      ...body,
      documentsForSign: [{ ...body.documentsForSign[0], signaturePosition: undefined }],
    });
    expect(noPosition.status).toBe(400);
    expect(noPosition.body.message).toContain('documentsForSign[0].signaturePosition');
    const empty = await startSigning({ ...body, documentsForSign: [] });
    expect(empty.status).toBe(400);
    expect((await startSigning(body)).status).toBe(200);
  });
});

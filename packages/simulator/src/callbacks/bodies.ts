/** The callback bodies, exactly as the guide shows them. */

const MESSAGE = 'The request has been executed successfully.';

function relyingPartyNumber(relyingPartyId: string): number | string {
  // The guide sends relyingPartyId as a number; keep a non-numeric configured id as it is.
  return /^\d+$/.test(relyingPartyId) ? Number(relyingPartyId) : relyingPartyId;
}

export function identificationCallback(o: {
  requestId: number;
  relyingPartyId: string;
  webSessionId: string;
  resultId: number;
}) {
  return {
    code: 'OK',
    message: MESSAGE,
    requestId: o.requestId,
    relyingPartyId: relyingPartyNumber(o.relyingPartyId),
    data: {
      processState: 'CREATE_SIGN_SESSION_REQUEST',
      sessionId: o.webSessionId,
      resultId: String(o.resultId), // guide 2.4: resultId is a string in this callback
      dataMessage: `The request with resultID ${o.resultId} completed successfully`,
    },
  };
}

export function signingCallback(o: {
  requestId: number;
  relyingPartyId: string;
  signSessionId: string;
  resultId: number;
}) {
  return {
    code: 'OK',
    message: MESSAGE,
    requestId: o.requestId,
    relyingPartyId: relyingPartyNumber(o.relyingPartyId),
    data: {
      processState: 'SIGN_SESSION',
      sessionId: o.signSessionId,
      resultId: o.resultId, // guide 3.2: resultId is a number in this callback
      dataMessage: `The request with resultID ${o.resultId} completed successfully`,
    },
  };
}

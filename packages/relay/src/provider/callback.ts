/**
 * Operation 5 (guide 2.4 / 3.2): the body BORICA POSTs to our requestCallbackUrl, parsed liberally.
 * The guide describes no authentication for it: treat it as a hint and confirm through the API.
 */
import { z } from 'zod';
import { anyId, describeIssues, isRecord, optionalText } from './schemas/common.ts';

const CallbackData = z.object({
  processState: z.string().min(1),
  sessionId: anyId,
  // guide 2.4 sends resultId as a string ("95"), guide 3.2 as a number (109).
  resultId: anyId,
  dataMessage: optionalText,
});

const CallbackBody = z.preprocess(
  // Accept the fields at the top level too, should the envelope ever be dropped.
  (v) => (isRecord(v) && !isRecord(v.data) && 'processState' in v ? { data: v } : v),
  z.object({
    code: optionalText,
    message: optionalText,
    requestId: anyId.optional().catch(undefined),
    relyingPartyId: anyId.optional().catch(undefined),
    data: CallbackData,
  }),
);

export interface ProviderCallback {
  processState: string;
  sessionId: string;
  resultId: string;
  dataMessage?: string;
  requestId?: string;
  relyingPartyId?: string;
  code?: string;
}

export type ParsedCallback = { ok: true; value: ProviderCallback } | { ok: false; problems: string[] };

/** `body` is the parsed JSON (or the raw text / Buffer, which is parsed here). */
export function parseCallback(body: unknown): ParsedCallback {
  let json = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      json = JSON.parse(body.toString());
    } catch {
      return { ok: false, problems: ['(body): not JSON'] };
    }
  }
  const r = CallbackBody.safeParse(json);
  if (!r.success) return { ok: false, problems: describeIssues(r.error, 10) };
  const { data, code, requestId, relyingPartyId } = r.data;
  return {
    ok: true,
    value: {
      processState: data.processState,
      sessionId: data.sessionId,
      resultId: data.resultId,
      ...(data.dataMessage !== undefined && { dataMessage: data.dataMessage }),
      ...(requestId !== undefined && { requestId }),
      ...(relyingPartyId !== undefined && { relyingPartyId }),
      ...(code !== undefined && { code }),
    },
  };
}

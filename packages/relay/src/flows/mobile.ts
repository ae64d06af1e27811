/**
 * B-Trust MOBILE identification (guide section 1): POST /identification with the person, then polling
 * getIdentificationResult until FINISHED, rejected or past its validity. No callback exists for it.
 */
import type { Person } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import { completeStart, handleStartFailure, type StartResult, startResult } from './claim.ts';
import type { FlowContext } from './context.ts';
import { applyOutcome, isPast, type Outcome } from './outcome.ts';
import { providerPdf } from './pdf.ts';
import { asProviderError, describeStartFailure } from './provider-errors.ts';
import { providerDeadline } from './urls.ts';

export async function startMobile(ctx: FlowContext, s: SessionRecord): Promise<StartResult> {
  const person = s.pending as Person | undefined;
  try {
    if (!person) throw new Error('the person of this mobile identification is gone');
    const r = await ctx.provider.identification(
      {
        person: { docType: person.idType, identificatorValue: person.id, dateOfBirth: person.dateOfBirth },
        phoneNumber: person.phone,
        email: person.email,
        identificationReason: s.reason ?? '',
        payer: 'RELYING_PARTY',
      },
      { language: s.language },
    );
    const done = await completeStart(ctx, s.id, {
      patch: {
        // The provider has the person now; we keep nothing of it.
        pending: undefined,
        expiresAt: providerDeadline(r.validity, s.expiresAt),
        refs: { callbackId: r.callbackId, validity: r.validity },
      },
    });
    return startResult(done);
  } catch (e) {
    return handleStartFailure(ctx, s.id, describeStartFailure(e));
  }
}

/** Tolerance between our clock and the provider's when telling an expiry from a rejection. */
const CLOCK_SKEW_MS = 1000;

export async function confirmMobile(ctx: FlowContext, s: SessionRecord): Promise<void> {
  const { callbackId, validity } = s.refs;
  if (!callbackId) return;
  let outcome: Outcome;
  try {
    const r = await ctx.provider.getIdentificationResult(callbackId);
    if (r.finished) {
      // guide 1.2: `identificator` is the customer's id in our domain (operation 6 calls it clientIdentificator).
      outcome = {
        status: 'completed',
        provider: { status: r.status },
        patch: { result: { clientIdentificator: r.identificator, hasCertificate: true } },
        blobs: { certificate: providerPdf('getIdentificationResult', r.content, 'eID certificate') },
      };
    } else {
      outcome = { status: 'in_progress', provider: { status: r.status } };
    }
  } catch (e) {
    const pe = asProviderError(e);
    const code = pe?.code;
    const httpStatus = pe?.httpStatus ?? 0;
    // guide 1.2 sends the REJECTED body with 400, 401, 403, 404 and 500 alike: a 5xx is the provider's
    // trouble and 401/403 our credentials', neither the customer's refusal, so retry those.
    if (code === 'BORICA_REJECTED' && (httpStatus >= 500 || httpStatus === 401 || httpStatus === 403)) {
      throw e;
    }
    // Read the clock after the answer, with some slack for clock skew: the provider decided "expired"
    // by its own clock, possibly a moment after we sent the request.
    const now = new Date(ctx.now().getTime() + CLOCK_SKEW_MS);
    const pastValidity = isPast(validity, now) || isPast(s.expiresAt, now);
    // guide 1.2: a request past its validity answers REJECTED just like a refusal; our clock tells them apart.
    if (code === 'BORICA_REJECTED') {
      outcome = pastValidity
        ? { status: 'expired', provider: { status: 'REJECTED' } }
        : {
            status: 'failed',
            provider: { status: 'REJECTED' },
            error: { code: 'identification_rejected', message: 'The identification was rejected.' },
          };
    } else if (code === 'BORICA_NOT_FOUND' && pastValidity) {
      outcome = { status: 'expired' };
    } else {
      throw e;
    }
  }
  await applyOutcome(ctx, s.id, () => outcome);
}

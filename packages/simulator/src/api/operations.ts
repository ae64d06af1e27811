/** The eight HTTP operations of the Signing API v2, as the guide describes them. */
import type { z } from 'zod';
import { type Context, providerDate } from '../context.ts';
import { badRequest, notFound, SimError } from '../errors.ts';
import type { OperationName } from '../faults/faults.ts';
import { createMobileRequest, getMobile, mobileCertificate, mobileState } from '../scenarios/mobile.ts';
import { clientDocumentUrl, signingResults, signingStatus, startSigning } from '../scenarios/signing.ts';
import {
  createRegistration,
  identificationResults,
  registrationStatus,
  startWebIdentification,
  webStatus,
} from '../scenarios/web.ts';
import { type ApiLanguage, type MessageKey, message } from './messages.ts';
import {
  CreateRegistrationBody,
  describeIssues,
  IdentificationBody,
  StartSigningBody,
  StartWebIdentificationBody,
} from './schemas.ts';

export interface ApiRequest {
  params: string[];
  body: unknown;
  lang: ApiLanguage;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  operation: OperationName;
  handler: (ctx: Context, req: ApiRequest) => Promise<ApiResponse> | ApiResponse;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(describeIssues(result.error));
  return result.data;
}

function envelope(data: unknown, code: string, msg: MessageKey, lang: ApiLanguage, responseCode = code) {
  return { data, responseCode, code, message: message(msg, lang) };
}

function bareOrWrapped(ctx: Context, body: object, lang: ApiLanguage) {
  return ctx.dialect.envelope === 'wrapped' ? envelope(body, 'OK', 'OK', lang) : body;
}

function resultIdParam(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw badRequest('resultId must be a number.');
  return Number(value);
}

const SEG = '([^/]+)';

export const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/identification$/,
    operation: 'identification',
    handler(ctx, req) {
      const b = parse(IdentificationBody, req.body);
      const m = createMobileRequest(ctx, {
        docType: b.personIdentityData.docType,
        identificatorValue: b.personIdentityData.identificatorValue,
        dateOfBirth: b.personIdentityData.dateOfBirth,
        phoneNumber: b.phoneNumber,
        email: b.email,
        reason: b.identificationReason,
      });
      return {
        status: 200,
        body: envelope(
          { callbackId: m.callbackId, validity: providerDate(m.validUntil) },
          'ACCEPTED',
          'ACCEPTED',
          req.lang,
        ),
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/identification\/web\/websession\/start$/,
    operation: 'startWebIdentification',
    handler(ctx, req) {
      const b = parse(StartWebIdentificationBody, req.body);
      const w = startWebIdentification(ctx, b);
      return {
        status: 200,
        body: envelope(
          {
            webSessionId: w.webSessionId,
            resultId: w.resultId,
            webSessionExpireDate: providerDate(w.expiresAt),
          },
          'ACCEPTED',
          'SUCCESSFUL',
          req.lang,
        ),
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/identification\/web\/signsession\/start$/,
    operation: 'startSigning',
    async handler(ctx, req) {
      const b = parse(StartSigningBody, req.body);
      const s = await startSigning(ctx, b);
      return {
        status: 200,
        body: envelope(
          {
            clientDocumentUrl: clientDocumentUrl(ctx, s),
            expireDate: providerDate(s.expiresAt),
            resultId: s.resultId,
          },
          'OK',
          'OK',
          req.lang,
        ),
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identification/web/sessions/by-otc-request/${SEG}/status$`),
    operation: 'getRegistrationStatus',
    handler(ctx, req) {
      const w = ctx.store.webSessionByRegistrationId(req.params[0] ?? '');
      if (!w?.registration) throw notFound('No registration with this registrationId.');
      // guide 4.1: a bare object, no envelope (dialect `envelope: wrapped` aligns it with the others).
      return { status: 200, body: bareOrWrapped(ctx, registrationStatus(ctx, w.registration), req.lang) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/identification/web/sessions/by-otc-request/${SEG}$`),
    operation: 'createRegistration',
    handler(ctx, req) {
      const b = parse(CreateRegistrationBody, req.body);
      const r = createRegistration(ctx, req.params[0] ?? '', {
        cancelUrl: b.cancelUrl,
        successUrl: b.successUrl,
        ...(b.externalRef === undefined ? {} : { externalRef: String(b.externalRef) }),
        userLanguage: b.userLanguage,
        verifyEmailAddress: b.verifyEmailAddress,
        verifyPhoneNumber: b.verifyPhoneNumber,
        showGtcGdp: b.showGtcGdp,
        showMainInfo: b.showMainInfo,
      });
      // guide 2.2: a bare object, no envelope (dialect `envelope: wrapped` aligns it with the others).
      return {
        status: 200,
        body: bareOrWrapped(
          ctx,
          {
            userLanguage: r.userLanguage,
            verifyEmailAddress: r.verifyEmailAddress,
            verifyPhoneNumber: r.verifyPhoneNumber,
            successUrl: r.successUrl,
            cancelUrl: r.cancelUrl,
            sessionId: r.sessionId,
            registrationId: r.registrationId,
            createdOn: providerDate(r.createdOn),
            expiredOn: providerDate(r.expiredOn),
            serviceName: `OTC_RELYING_PARTY_${ctx.relyingPartyId}`,
            otcRequestId: req.params[0],
          },
          req.lang,
        ),
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identification/web/${SEG}/status$`),
    operation: 'getWebIdentificationStatus',
    handler(ctx, req) {
      const resultId = resultIdParam(req.params[0] ?? '');
      const w = ctx.store.webSessionByResultId(resultId);
      const s = w ? undefined : ctx.store.signingByResultId(resultId);
      if (!w && !s) throw notFound('No result with this resultId.');
      const data = w ? webStatus(ctx, w) : signingStatus(ctx, s!);
      return { status: 200, body: envelope(data, 'OK', 'OK', req.lang) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identification/web/${SEG}/result/${SEG}/${SEG}(?:/${SEG})?$`),
    operation: 'getWebIdentificationResults',
    handler(ctx, req) {
      const [rawResultId = '', processState = '', sessionId = '', onlyMetadata] = req.params;
      const resultId = resultIdParam(rawResultId);
      if (onlyMetadata !== undefined && onlyMetadata !== 'true' && onlyMetadata !== 'false') {
        throw badRequest('onlyMetadata must be true or false.');
      }
      if (processState === 'CREATE_SIGN_SESSION_REQUEST') {
        const w = ctx.store.webSessionByResultId(resultId);
        if (!w) throw notFound('No identification result with this resultId.');
        const data = identificationResults(ctx, w, sessionId, onlyMetadata === 'true');
        return { status: 200, body: envelope(data, 'OK', 'OK', req.lang) };
      }
      if (processState === 'SIGN_SESSION') {
        // guide 3.3: no onlyMetadata segment for signing; one is tolerated and ignored.
        const s = ctx.store.signingByResultId(resultId);
        if (!s) throw notFound('No signing result with this resultId.');
        const data = signingResults(ctx, s, sessionId);
        // guide 3.3's example lost its `data {` line: dialect `signResultsEnvelope: bare` answers that way.
        const body =
          ctx.dialect.signResultsEnvelope === 'bare'
            ? { ...data, responseCode: 'OK', code: 'OK', message: message('OK', req.lang) }
            : envelope(data, 'OK', 'OK', req.lang);
        return { status: 200, body };
      }
      throw badRequest('processState must be CREATE_SIGN_SESSION_REQUEST or SIGN_SESSION.');
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/identification/${SEG}$`),
    operation: 'getIdentificationResult',
    async handler(ctx, req) {
      const m = getMobile(ctx, req.params[0] ?? '');
      const state = mobileState(ctx, m);
      if (state === 'REJECTED' || state === 'EXPIRED') {
        // guide 1.2: a rejection is {data:null, code:'REJECTED'}.
        throw new SimError(
          'rejected',
          state === 'EXPIRED'
            ? 'The identification request has expired.'
            : 'The customer rejected the identification.',
        );
      }
      if (state !== 'FINISHED') {
        // guide 1.2 shows 206 `{status}`; dialect `mobileProgress: 200` answers 200 with `data: null`.
        if (ctx.dialect.mobileProgress === '200') {
          return {
            status: 200,
            body: {
              data: null,
              status: 'IN_PROGRESS',
              responseCode: 'OK',
              code: 'OK',
              message: message('OK', req.lang),
            },
          };
        }
        return {
          status: 206,
          body: { status: state, responseCode: 'OK', code: 'OK', message: message('OK', req.lang) },
        };
      }
      const content = await mobileCertificate(m, req.lang);
      return {
        status: 200,
        body: {
          data: {
            content,
            identification_before: 'BORICA',
            identification_reason: m.reason,
            identificator: m.identificator,
          },
          responseCode: 'GENERAL_OK',
          status: 'FINISHED',
          code: 'OK',
          message: message('SUCCESSFUL', req.lang),
        },
      };
    },
  },
];

export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m)
      return {
        route,
        params: m
          .slice(1)
          .filter((p) => p !== undefined)
          .map(decodeURIComponent),
      };
  }
  return undefined;
}

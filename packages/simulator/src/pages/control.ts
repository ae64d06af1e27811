/** The control surface as JSON under /__sim, for the demo and browser tests. */
import { DialectError } from '../dialect.ts';
import { SimError } from '../errors.ts';
import { type Fault, isOperationName, OPERATIONS } from '../faults/faults.ts';
import { pendingMobile } from '../scenarios/mobile.ts';
import { maskId } from '../scenarios/person.ts';
import { getSigning, WrongCodeError } from '../scenarios/signing.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

const STATUS: Record<SimError['kind'], number> = {
  bad_request: 400,
  not_found: 404,
  rejected: 409,
  conflict: 409,
};

function ok(json: unknown = { ok: true }): PageResult {
  return { status: 200, json };
}
function bad(message: string, status = 400): PageResult {
  return { status, json: { error: message } };
}

async function run(fn: () => unknown): Promise<PageResult> {
  try {
    await fn();
    return ok();
  } catch (err) {
    if (err instanceof WrongCodeError) return bad(err.message, 422);
    if (err instanceof SimError) return bad(err.detail, STATUS[err.kind]);
    throw err;
  }
}

function body(req: PageRequest): Record<string, unknown> {
  return typeof req.json === 'object' && req.json !== null ? (req.json as Record<string, unknown>) : {};
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const control = {
  identification(deps: PageDeps, req: PageRequest) {
    const b = body(req);
    const outcome = b.outcome;
    if (outcome !== 'success' && outcome !== 'cancel' && outcome !== 'fail' && outcome !== 'review') {
      return bad('outcome must be success, cancel, fail or review');
    }
    const p = (b.person ?? {}) as Record<string, unknown>;
    const person = { name: str(p.name), egn: str(p.egn), phone: str(p.phone) };
    return run(() => deps.control.completeIdentification(req.params[0] ?? '', outcome, person));
  },
  review(deps: PageDeps, req: PageRequest) {
    const decision = body(req).decision;
    if (decision !== 'approve' && decision !== 'deny') return bad('decision must be approve or deny');
    return run(() => deps.control.review(req.params[0] ?? '', decision));
  },
  mobile(deps: PageDeps, req: PageRequest) {
    const outcome = body(req).outcome;
    if (outcome !== 'approve' && outcome !== 'reject') return bad('outcome must be approve or reject');
    return run(() => deps.control.completeMobile(req.params[0] ?? '', outcome));
  },
  sign(deps: PageDeps, req: PageRequest) {
    const b = body(req);
    if (b.outcome !== 'sign' && b.outcome !== 'cancel') return bad('outcome must be sign or cancel');
    if (b.smsCode !== undefined && typeof b.smsCode !== 'string') return bad('smsCode must be a string');
    const outcome = b.outcome;
    return run(() => deps.control.sign(req.params[0] ?? '', outcome, str(b.smsCode)));
  },
  /** Extra: the SMS code and phase of a signing (what the page shows). */
  signInfo(deps: PageDeps, req: PageRequest) {
    try {
      const s = getSigning(deps.ctx, req.params[0] ?? '');
      return ok({ smsCode: s.smsCode, phase: s.phase, resultId: s.resultId });
    } catch (err) {
      if (err instanceof SimError) return bad(err.detail, 404);
      throw err;
    }
  },
  expire(deps: PageDeps, req: PageRequest) {
    return run(() => deps.control.expire(req.params[0] ?? ''));
  },
  setFault(deps: PageDeps, req: PageRequest) {
    const { operation, ...rest } = body(req);
    if (operation === 'callbacks') {
      const knobs = rest as { drop?: boolean; duplicate?: boolean; delayMs?: number; reorder?: boolean };
      deps.control.faults.callbacks({
        drop: knobs.drop === true,
        duplicate: knobs.duplicate === true,
        reorder: knobs.reorder === true,
        ...(typeof knobs.delayMs === 'number' ? { delayMs: knobs.delayMs } : {}),
      });
      return ok();
    }
    if (!isOperationName(operation))
      return bad(`operation must be one of ${OPERATIONS.join(', ')} or callbacks`);
    const fault: Fault = {};
    const num = (k: 'status' | 'errorRate' | 'latencyMs' | 'times') => {
      if (rest[k] !== undefined) {
        if (typeof rest[k] !== 'number') throw new SimError('bad_request', `${k} must be a number`);
        fault[k] = rest[k] as number;
      }
    };
    try {
      num('status');
      num('errorRate');
      num('latencyMs');
      num('times');
      if (rest.body !== undefined) fault.body = rest.body;
      if (rest.rawBody !== undefined) {
        if (typeof rest.rawBody !== 'string') return bad('rawBody must be a string');
        fault.rawBody = rest.rawBody;
      }
      if (rest.hang !== undefined) fault.hang = rest.hang === true;
      if (rest.reset !== undefined) fault.reset = rest.reset === true;
      deps.control.faults.set(operation, fault);
    } catch (err) {
      return bad((err as Error).message);
    }
    return ok();
  },
  clearFaults(deps: PageDeps, req: PageRequest) {
    const op = req.url.searchParams.get('operation');
    if (op !== null && !isOperationName(op)) return bad(`operation must be one of ${OPERATIONS.join(', ')}`);
    deps.control.faults.clear(op ?? undefined);
    return ok();
  },
  callbacks(deps: PageDeps) {
    return ok(deps.control.callbacks.list());
  },
  pendingMobile(deps: PageDeps) {
    return ok(
      pendingMobile(deps.ctx).map((m) => ({
        callbackId: m.callbackId,
        maskedId: `${m.docType} ${maskId(m.identificatorValue)}`,
        reason: m.reason,
        createdAt: new Date(m.createdAt).toISOString(),
        validUntil: new Date(m.validUntil).toISOString(),
      })),
    );
  },
  calls(deps: PageDeps) {
    return ok(Object.fromEntries(OPERATIONS.map((op) => [op, deps.control.calls(op)])));
  },
  dialect(deps: PageDeps) {
    return ok(deps.control.dialect());
  },
  setDialect(deps: PageDeps, req: PageRequest) {
    try {
      return ok(deps.control.setDialect(body(req)));
    } catch (err) {
      if (err instanceof DialectError) return bad(err.message);
      throw err;
    }
  },
  reset(deps: PageDeps) {
    deps.control.reset();
    return ok();
  },
};

/** Fault knobs per API operation, and the per-operation call counter tests use to prove (no) retries. */

export const OPERATIONS = [
  'identification',
  'getIdentificationResult',
  'startWebIdentification',
  'createRegistration',
  'getWebIdentificationResults',
  'startSigning',
  'getRegistrationStatus',
  'getWebIdentificationStatus',
] as const;
export type OperationName = (typeof OPERATIONS)[number];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATIONS as readonly string[]).includes(value);
}

export interface Fault {
  /** Answer with this status instead of the real answer (body defaults to the guide's error body for it). */
  status?: number;
  /** JSON body to answer with (status defaults to 200 when only a body is given). */
  body?: unknown;
  /** Raw bytes to answer with, e.g. malformed JSON (status defaults to 200). */
  rawBody?: string;
  /** Probability (0..1) of a 500 ERROR instead of the real answer. */
  errorRate?: number;
  /** Wait this long before answering (then answer normally unless another knob says otherwise). */
  latencyMs?: number;
  /** Apply to the next N calls only; then the fault clears itself. Default: until cleared. */
  times?: number;
  /** Never answer (the connection stays open until the client gives up or the simulator closes). */
  hang?: boolean;
  /** Reset the connection (TCP RST) instead of answering, before the request is processed. */
  reset?: boolean;
}

export interface CallbackFaults {
  /** Log the callback but never send it. */
  drop?: boolean;
  /** Send every callback twice. */
  duplicate?: boolean;
  /** Wait this long before sending. */
  delayMs?: number;
  /** Hold a callback back and send it right after the next one. */
  reorder?: boolean;
}

export interface FaultControl {
  set(operation: OperationName, fault: Fault): void;
  /** Clears one operation's fault, or (no argument) every fault including the callback knobs. */
  clear(operation?: OperationName): void;
  callbacks(opts: CallbackFaults): void;
}

/** What an API call should do instead of (or before) its real work. */
export type FaultAction =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'hang'; latencyMs: number }
  | { kind: 'reset'; latencyMs: number }
  | { kind: 'respond'; latencyMs: number; status: number; body?: unknown; rawBody?: string }
  | { kind: 'error'; latencyMs: number };

export class Faults implements FaultControl {
  private readonly byOperation = new Map<OperationName, Fault>();
  private readonly counts = new Map<OperationName, number>();
  callbackFaults: CallbackFaults = {};
  /** Called when callback knobs change, so a held (reordered) callback can be released. */
  onCallbackFaultsChange: () => void = () => {};

  set(operation: OperationName, fault: Fault): void {
    if (!isOperationName(operation)) throw new Error(`unknown operation "${String(operation)}"`);
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new Error('times must be a positive integer');
    }
    if (fault.errorRate !== undefined && !(fault.errorRate >= 0 && fault.errorRate <= 1)) {
      throw new Error('errorRate must be between 0 and 1');
    }
    this.byOperation.set(operation, { ...fault });
  }

  clear(operation?: OperationName): void {
    if (operation) {
      this.byOperation.delete(operation);
      return;
    }
    this.byOperation.clear();
    this.callbacks({});
  }

  callbacks(opts: CallbackFaults): void {
    this.callbackFaults = { ...opts };
    this.onCallbackFaultsChange();
  }

  calls(operation: OperationName): number {
    return this.counts.get(operation) ?? 0;
  }

  resetCounts(): void {
    this.counts.clear();
  }

  /** Counts the call and decides what the fault (if any) makes of it. */
  take(operation: OperationName): FaultAction {
    this.counts.set(operation, this.calls(operation) + 1);
    const fault = this.byOperation.get(operation);
    if (!fault) return { kind: 'none', latencyMs: 0 };
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.byOperation.delete(operation);
    }
    const latencyMs = fault.latencyMs ?? 0;
    if (fault.hang) return { kind: 'hang', latencyMs };
    if (fault.reset) return { kind: 'reset', latencyMs };
    if (fault.rawBody !== undefined) {
      return { kind: 'respond', latencyMs, status: fault.status ?? 200, rawBody: fault.rawBody };
    }
    if (fault.status !== undefined || fault.body !== undefined) {
      return { kind: 'respond', latencyMs, status: fault.status ?? 200, body: fault.body };
    }
    if (fault.errorRate !== undefined && Math.random() < fault.errorRate) return { kind: 'error', latencyMs };
    return { kind: 'none', latencyMs };
  }
}

/**
 * BORICA_TRACE=<file>: one JSON line per provider exchange and per callback, for the first real
 * integration — what BORICA answered, in shapes only (keys, value types, enumeration values; see
 * shape.ts), never an id, name, number, date or document, so the file can go to BORICA's support.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { type Shape, shapeOf, shapeOfText } from './shape.ts';

export interface TraceExchange {
  operation: string;
  method: 'GET' | 'POST';
  /** The path with every id replaced by its kind (`/identification/web/{id}/status`). */
  path: string;
  httpStatus: number;
  ms: number;
  request?: Shape;
  response: Shape;
}

export interface ProviderTrace {
  exchange(e: TraceExchange): void;
  /** A callback as it arrived (parsed JSON, or its raw text), and what we answered. */
  callback(body: unknown, httpStatus: number): void;
  close(): Promise<void>;
}

export function createTrace(file: string): ProviderTrace {
  const out: WriteStream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  let failed = false;
  out.on('error', () => {
    // A trace must never take the relay down; it stops writing instead.
    failed = true;
  });
  const write = (entry: object) => {
    if (!failed) out.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
  };
  return {
    exchange: (e) => write({ kind: 'exchange', ...e }),
    callback(body, httpStatus) {
      const shape = typeof body === 'string' ? shapeOfText(body) : shapeOf(body);
      write({ kind: 'callback', operation: 'callback', httpStatus, body: shape });
    },
    close: () => new Promise((resolve) => out.end(() => resolve())),
  };
}

/** Path segments that are ids (anything but the guide's fixed words) become `{id}`. */
const FIXED = new Set([
  'identification',
  'web',
  'websession',
  'start',
  'sessions',
  'by-otc-request',
  'status',
  'result',
  'signsession',
  'CREATE_SIGN_SESSION_REQUEST',
  'SIGN_SESSION',
  'true',
  'false',
]);

export function tracePath(segments: readonly string[]): string {
  return `/${segments.map((s) => (FIXED.has(s) ? s : '{id}')).join('/')}`;
}

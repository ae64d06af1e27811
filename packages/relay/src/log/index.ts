/**
 * The relay's logger: pino JSON lines, personal data and secrets removed (see redact.ts). One line per
 * event, a `reqId` on every line of a request (the API creates `log.child({ reqId })` per request).
 */
import pino from 'pino';
import { maskText, redactKeys } from './redact.ts';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stdout. Tests pass an object collecting lines. */
  destination?: { write(line: string): unknown; flush?(cb?: (err?: Error) => void): unknown };
  /** Fixed fields on every line. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const target = options.destination ?? pino.destination({ dest: 1, sync: false });
  const masked = {
    write: (line: string) => target.write(maskText(line)),
    // logger.flush(cb) before process.exit must reach the real (asynchronous) stdout stream.
    flush: (cb?: (err?: Error) => void) => (target.flush ? target.flush(cb) : cb?.()),
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'borica-relay', ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactKeys(object) as Record<string, unknown>,
        bindings: (bindings) => redactKeys(bindings) as Record<string, unknown>,
      },
      serializers: { err: pino.stdSerializers.err },
    },
    masked,
  );
}

/** A logger that writes nothing (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export { maskText, REDACTED, redactKeys } from './redact.ts';

/**
 * `POST /v1/signings` bodies carry base64 PDFs (up to RELAY_SIGNING_MAX_BYTES). Unlike `jsonBody`,
 * at most RELAY_SIGNING_UPLOADS of them are read at once — the others wait unread, their bytes held
 * back by TCP, not by our heap — and each is decoded in a worker thread (decoder.ts), so memory stays
 * bounded and the event loop stays free for `/healthz`, callbacks and event streams.
 * The problems are the same as `jsonBody`'s: 415, 413, 400 `invalid_json`, 400 with field errors.
 */
import type { MiddlewareHandler } from 'hono';
import type { RelayEnv } from '../env.ts';
import { isJsonType, tooLarge } from '../middleware/json-body.ts';
import { ProblemError } from '../problem.ts';
import { createUploadDecoder, type UploadDecoder } from './decoder.ts';

/** A counting semaphore: `run` waits for one of `size` places. */
function places(size: number) {
  let free = size;
  const queue: (() => void)[] = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (free > 0) free--;
    else await new Promise<void>((r) => queue.push(r));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}

const unreadable = () => new ProblemError(400, 'invalid_json', { detail: 'The body could not be read.' });

/** The whole body in one buffer of its own (transferable), refusing past `limit` without reading on. */
async function readBody(body: ReadableStream<Uint8Array>, declared: number | undefined, limit: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Node's parser enforces Content-Length, so with one the buffer is allocated once, exactly.
  const out = declared !== undefined ? new Uint8Array(declared) : undefined;
  for (;;) {
    let r: Awaited<ReturnType<typeof reader.read>>;
    try {
      r = await reader.read();
    } catch {
      throw unreadable();
    }
    if (r.done) break;
    if (size + r.value.length > limit || (out && size + r.value.length > out.length)) {
      void reader.cancel().catch(() => undefined);
      throw size + r.value.length > limit ? tooLarge(limit) : unreadable();
    }
    if (out) out.set(r.value, size);
    else chunks.push(r.value);
    size += r.value.length;
  }
  if (out) return size === out.length ? out : out.slice(0, size);
  const joined = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

export interface SigningBody {
  middleware: MiddlewareHandler<RelayEnv>;
  /** Stops the decoder's workers (relay shutdown). */
  close(): Promise<void>;
}

export function signingBody(o: { limit: number; concurrency: number }): SigningBody {
  const run = places(o.concurrency);
  let decoder: UploadDecoder | undefined;
  return {
    async close() {
      await decoder?.close();
    },
    middleware: async function signingBody(c, next) {
      const length = c.req.header('content-length');
      const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
      // `c.req.raw.body` only once our turn comes: node-server starts reading the socket when it is made.
      const hasBody =
        declared !== 0 && (declared !== undefined || c.req.header('transfer-encoding') !== undefined);
      if (hasBody && !isJsonType(c.req.header('content-type'))) {
        throw new ProblemError(415, 'unsupported_media_type', {
          detail: 'Send the body as application/json.',
        });
      }
      if (declared !== undefined && declared > o.limit) throw tooLarge(o.limit);
      // The place is held until the handler is done with the decoded documents (they are the memory).
      await run(async () => {
        const body = hasBody ? c.req.raw.body : null;
        const bytes = body ? await readBody(body, declared, o.limit) : new Uint8Array(0);
        if (bytes.length === 0) {
          throw new ProblemError(400, 'invalid_json', {
            detail: 'The body is empty; a JSON object is expected.',
          });
        }
        decoder ??= createUploadDecoder(o.concurrency, o.limit);
        const decoded = await decoder.decode(bytes);
        if (!decoded.ok) {
          throw new ProblemError(400, 'invalid_json', {
            detail:
              decoded.reason === 'empty'
                ? 'The body is empty; a JSON object is expected.'
                : 'The body is not valid JSON.',
          });
        }
        // The route's validator reads `c.req.json()` (as with jsonBody): the decoded JSON, stand-ins and all.
        const json = decoded.json;
        c.req.json = async <T>() => json as T;
        c.set(
          'signingContents',
          decoded.contents.map((u) => (u ? Buffer.from(u.buffer, u.byteOffset, u.length) : undefined)),
        );
        await next();
      });
    },
  };
}

/**
 * Decoding signing uploads off the event loop. A 25 MB body costs ~350 ms of CPU on this machine
 * (UTF-8 decode, JSON.parse, the base64 check zod would run, base64 decode), all of it synchronous:
 * on the main thread six of them stall `/healthz` and every callback for seconds. Here worker
 * threads do that work and hand back the JSON with each document's content already decoded.
 *
 * The worker is plain JavaScript evaluated from a string: it needs no TypeScript loader (tsx, vitest)
 * and no file next to a bundle, so it runs the same from source, from a build and under tests.
 */
import { Worker } from 'node:worker_threads';

/** What the worker answers: the JSON (contents replaced) and the decoded bytes by document index. */
export type Decoded =
  | { ok: true; json: unknown; contents: (Uint8Array | undefined)[] }
  | { ok: false; reason: 'empty' | 'json' };

/**
 * Each document's `content` that passes zod's own base64 check is decoded and replaced by a tiny
 * valid stand-in, any other string by a tiny invalid one: the main thread's schema check then gives
 * the same verdict (and message) it would have given for the original, without touching 25 MB again.
 */
export const VALID_STAND_IN = 'AA==';
export const INVALID_STAND_IN = '!';

/**
 * zod's base64 regex (groups of four, repeated) recurses per group when it backtracks and throws
 * RangeError on a many-megabyte string (seen at 25 MB in a worker). The same language, checked in
 * linear time: length a multiple of 4, the alphabet, at most two '=' and only at the end.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const alphabet = /^[0-9a-zA-Z+/]*={0,2}$/;
const base64 = { test: (s) => s.length % 4 === 0 && alphabet.test(s) };
parentPort.on('message', (bytes) => {
  // Buffer's UTF-8 decoding makes a one-byte string of ASCII (base64 is), half a two-byte one.
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  bytes = undefined;
  if (!text.trim()) return parentPort.postMessage({ ok: false, reason: 'empty' });
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return parentPort.postMessage({ ok: false, reason: 'json' });
  }
  text = undefined;
  const contents = [];
  const transfer = [];
  const docs = json !== null && typeof json === 'object' && Array.isArray(json.documents) ? json.documents : [];
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (d === null || typeof d !== 'object' || typeof d.content !== 'string') continue;
    if (d.content.length > 0 && base64.test(d.content)) {
      const decoded = Buffer.from(d.content, 'base64');
      // Small Buffers share a pooled ArrayBuffer, which must not be transferred: those are copied.
      const alone = decoded.byteOffset === 0 && decoded.buffer.byteLength === decoded.length;
      const own = alone ? decoded : Uint8Array.prototype.slice.call(decoded);
      contents[i] = own;
      transfer.push(own.buffer);
      d.content = ${JSON.stringify(VALID_STAND_IN)};
    } else if (d.content.length > 0) {
      d.content = ${JSON.stringify(INVALID_STAND_IN)};
    }
  }
  parentPort.postMessage({ ok: true, json, contents }, transfer);
});
`;

export interface UploadDecoder {
  /** Decodes one body (its buffer is transferred to the worker: do not use it afterwards). */
  decode(body: Uint8Array): Promise<Decoded>;
  close(): Promise<void>;
}

/**
 * `size` workers, started on first use and kept (idle ones are unref'd: they never hold a process
 * open). Callers bound their own concurrency to `size`; a job beyond it waits for a free worker.
 */
export function createUploadDecoder(size: number, maxBodyBytes: number): UploadDecoder {
  // A job holds the text, the parsed content and the decoded bytes (~3x the body) at its peak; a
  // heap capped near that makes V8 collect between jobs instead of growing each worker by the body.
  const heapMb = Math.ceil((3 * maxBodyBytes) / (1024 * 1024)) + 32;
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  let started = 0;

  function spawn(): Worker {
    started++;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    worker.unref();
    return worker;
  }

  function take(): Promise<Worker> {
    const w = idle.pop();
    if (w) return Promise.resolve(w);
    if (started < size) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  }

  function give(w: Worker): void {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  }

  return {
    async decode(body) {
      const worker = await take();
      worker.ref();
      let broken = false;
      try {
        return await new Promise<Decoded>((resolve, reject) => {
          const onError = (e: Error) => {
            worker.off('message', onMessage);
            reject(e);
          };
          const onMessage = (m: Decoded) => {
            worker.off('error', onError);
            resolve(m);
          };
          worker.once('message', onMessage);
          worker.once('error', onError);
          worker.postMessage(body, [body.buffer as ArrayBuffer]);
        });
      } catch (e) {
        broken = true;
        throw e;
      } finally {
        worker.unref();
        if (!broken) give(worker);
        else {
          // A crashed worker (out of memory on a hostile body) is replaced, not reused.
          started--;
          void worker.terminate();
          const next = waiting.shift();
          if (next) next(spawn());
        }
      }
    },
    async close() {
      await Promise.all(idle.splice(0).map((w) => w.terminate()));
      started = 0;
    },
  };
}

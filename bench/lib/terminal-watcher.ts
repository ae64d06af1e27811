/**
 * SSE streams watched from a worker thread: `done[i]` resolves with the wall-clock time at which
 * stream `i` saw a terminal status. A thread of its own because the parent also runs the simulator,
 * whose work would delay the reads and blur differences of a few milliseconds. The worker is plain
 * JavaScript evaluated from a string: worker threads do not inherit the parent's tsx loader.
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, paths } = workerData;
const TERMINAL = /"status":"(completed|failed|expired|cancelled)"/;
const now = () => performance.timeOrigin + performance.now();
const sockets = [];
function open(path, index) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let text = '';
    let opened = false;
    let seen = false;
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write('GET ' + path + ' HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAccept: text/event-stream\\r\\n\\r\\n'));
    socket.on('data', (chunk) => {
      if (!opened) {
        text += chunk;
        if (!text.startsWith('HTTP/1.1 200') && text.includes('\\r\\n\\r\\n')) return reject(new Error('stream refused: ' + text.split('\\r\\n')[0]));
        if (!/event: [^\\n]*\\ndata: [^\\n]*\\n\\n/.test(text)) return;
        opened = true;
        resolve();
        chunk = text;
      }
      if (!seen && TERMINAL.test(chunk)) {
        seen = true;
        parentPort.postMessage({ index, at: now() });
      }
    });
    socket.on('error', (e) => { if (!opened) reject(e); });
  });
}
(async () => {
  for (let i = 0; i < paths.length; i += 250) await Promise.all(paths.slice(i, i + 250).map((p, j) => open(p, i + j)));
  parentPort.postMessage({ open: paths.length });
})().catch((e) => parentPort.postMessage({ error: String(e && e.message) }));
parentPort.once('message', () => { for (const s of sockets) s.destroy(); parentPort.close(); });
`;

export interface TerminalWatcher {
  done: Promise<number>[];
  close(): Promise<void>;
}

export async function watchTerminals(port: number, paths: string[]): Promise<TerminalWatcher> {
  const worker = new Worker(WORKER, { eval: true, workerData: { port, paths } });
  const resolvers: ((at: number) => void)[] = [];
  const done = paths.map((_, i) => new Promise<number>((resolve) => (resolvers[i] = resolve)));
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { open?: number; index?: number; at?: number; error?: string }) => {
      if (m.error !== undefined) reject(new Error(m.error));
      else if (m.open !== undefined) resolve();
      else resolvers[m.index!]!(m.at!);
    });
    worker.once('error', reject);
  });
  return {
    done,
    async close() {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.postMessage('close');
      await exited;
    },
  };
}

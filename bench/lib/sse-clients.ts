/**
 * Cheap SSE clients: a raw `net` socket sending the smallest HTTP/1.1 request, so 10,000 of them
 * cost the client process little. `open` resolves when the first `event:` block has arrived.
 */
import net from 'node:net';

export interface SseClient {
  socket: net.Socket;
  /** Every byte received so far (idle streams: only the head, one event and heartbeats). */
  text: string;
  /** Called with each chunk once the stream is open. */
  onData?: (chunk: string) => void;
}

export function openSse(port: number, path: string, timeoutMs = 30_000): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const client: SseClient = { socket, text: '' };
    let opened = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no first event within ${timeoutMs} ms on ${path.split('?')[0]}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      if (opened) {
        client.onData?.(chunk);
        return;
      }
      client.text += chunk;
      if (!client.text.startsWith('HTTP/1.1 200')) {
        if (client.text.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.destroy();
          reject(new Error(`stream refused: ${client.text.split('\r\n')[0]}`));
        }
        return;
      }
      if (/event: [^\n]*\ndata: [^\n]*\n\n/.test(client.text)) {
        opened = true;
        clearTimeout(timer);
        resolve(client);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      if (!opened) reject(e);
    });
  });
}

/** Opens `paths.length` streams, `batch` at a time; stops at the first failure and reports it. */
export async function openMany(
  port: number,
  paths: readonly string[],
  batch = 250,
): Promise<{ clients: SseClient[]; error?: Error }> {
  const clients: SseClient[] = [];
  for (let i = 0; i < paths.length; i += batch) {
    const results = await Promise.allSettled(paths.slice(i, i + batch).map((p) => openSse(port, p)));
    for (const r of results) if (r.status === 'fulfilled') clients.push(r.value);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) return { clients, error: failed.reason as Error };
  }
  return { clients };
}

export function closeAll(clients: readonly SseClient[]): void {
  for (const c of clients) c.socket.destroy();
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A plain-HTTP receiver for the simulator's callbacks (stands in for the relay). */
export async function callbackReceiver(status = 200) {
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
  const received: { path: string; contentType: string | undefined; body: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * The relying party's webhook endpoint, in the test: verifies each delivery's signature and records
 * it; `holdNext()` keeps the next delivery unanswered so a test can kill the relay mid-delivery.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/webhooks/signature.ts';

export interface Delivery {
  webhookId: string;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: the webhook body, asserted field by field
  data: any;
  /** Answered 2xx (a held delivery is recorded, but not answered). */
  answered: boolean;
}

export interface WebhookReceiver {
  url: string;
  secret: string;
  deliveries: Delivery[];
  /** Resolves when the next delivery arrived; it is left unanswered until the relay gives up on it. */
  holdNext(): Promise<Delivery>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const secret = `whsec_${Buffer.from('fault-suite-webhook-secret-32by').toString('base64')}`;
  const deliveries: Delivery[] = [];
  let hold: ((d: Delivery) => void) | undefined;
  const held: ServerResponse[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    // The relay's clock may run ahead in a case (RELAY_TEST_CLOCK_OFFSET_MS): a wide tolerance.
    const check = verifyWebhook(secret, req.headers, body, { toleranceSec: 3600 });
    if (!check.ok) {
      res.writeHead(400).end(check.problem);
      return;
    }
    const parsed = JSON.parse(body);
    const delivery: Delivery = { webhookId: check.id, type: parsed.type, data: parsed.data, answered: false };
    deliveries.push(delivery);
    if (hold) {
      const resolve = hold;
      hold = undefined;
      held.push(res);
      resolve(delivery);
      return;
    }
    delivery.answered = true;
    res.writeHead(204).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/borica`,
    secret,
    deliveries,
    holdNext: () => new Promise<Delivery>((resolve) => (hold = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

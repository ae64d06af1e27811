import { describe, expect, it } from 'vitest';
import { createLogger, maskText } from '../../src/log/index.ts';

function capture(level = 'debug') {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (l: string) => lines.push(l) } });
  return { log, lines, text: () => lines.join('') };
}

const EGN = '7523169263';
const LNC = '1001234564';
const PHONE = '+359888123456';
const EMAIL = 'ivan.petrov@example.bg';
const TOKEN = 'ct_Q2xpZW50VG9rZW5TZWNyZXQxMjM0NTY';
const API_KEY = 'rk_live_0123456789abcdefXYZ';
const HEX = 'a3f1'.repeat(16);
const BASE64 = Buffer.alloc(400, 'JVBERi0xLjcK').toString('base64');
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
const SECRETS = [
  EGN,
  LNC,
  PHONE,
  EMAIL,
  TOKEN,
  API_KEY,
  HEX,
  BASE64,
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  'Ivan Petrov',
];

describe('logger redaction', () => {
  it('writes JSON lines with level, time and request id', () => {
    const { log, lines } = capture();
    log.child({ reqId: 'req-7' }).info({ route: '/v1/identifications' }, 'created');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 'info',
      reqId: 'req-7',
      route: '/v1/identifications',
      msg: 'created',
    });
    expect(typeof line.time).toBe('string');
  });

  it('removes personal data and secrets from objects, messages, bindings and errors', () => {
    const { log, text } = capture();
    log.info(
      {
        person: { idType: 'EGN', id: EGN, phone: PHONE, email: EMAIL },
        body: { identificatorValue: EGN, phoneNumber: PHONE, documents: [{ content: BASE64 }] },
        headers: { authorization: `Bearer ${API_KEY}` },
        clientToken: TOKEN,
        tls: { key: PEM },
        name: 'Ivan Petrov',
      },
      'request',
    );
    log.warn(`mobile identification for ${EGN} / ${LNC} at ${PHONE} (${EMAIL}) failed`);
    log.info(`GET /v1/client/sessions/idn_1/events?token=${TOKEN}`);
    log.info(`callback POST /v1/borica/callbacks/${TOKEN} from provider`);
    log.info(`Authorization: Bearer ${API_KEY}`);
    log.info(
      { clientDocumentUrl: `http://127.0.0.1:1/cqes/api/web-identification/${HEX}` },
      'signing started',
    );
    log.info({ note: `document ${BASE64}` }, 'doc');
    log.info({ pem: PEM }, 'pem in an odd key');
    log.child({ email: EMAIL, egn: EGN }).info('child with personal bindings');
    log.error({ err: new Error(`provider refused ${EGN}, contact ${EMAIL}`) }, 'failure');
    const out = text();
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('/v1/borica/callbacks/[redacted]');
  });

  it('keeps what operators need: session ids, statuses, uuids, timestamps, counts', () => {
    const { log, lines } = capture();
    const uuid = '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60';
    log.info(
      { sessionId: 'idn_Ab3dEf9hIj', status: 'completed', webSessionId: uuid, attempt: 3, ms: 1534 },
      'done',
    );
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      sessionId: 'idn_Ab3dEf9hIj',
      status: 'completed',
      webSessionId: uuid,
      attempt: 3,
      ms: 1534,
    });
  });

  it('honours the level', () => {
    const { log, lines } = capture('warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });
});

describe('maskText', () => {
  it('masks each kind of personal data on its own', () => {
    expect(maskText(`egn ${EGN}.`)).toBe('egn [id].');
    expect(maskText(`call ${PHONE}`)).toBe('call [phone]');
    expect(maskText('call +359 888 123 456')).toBe('call [phone]');
    expect(maskText(`mail ${EMAIL}`)).toBe('mail [email]');
    expect(maskText('time 1764295219000 ok')).toBe('time 1764295219000 ok');
  });
});

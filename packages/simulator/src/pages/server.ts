/**
 * The customer-facing pages (plain HTTP, the `pagesUrl`) and the /__sim JSON control endpoints.
 * Server-rendered HTML with forms that POST: no JavaScript needed. Embeddable in an iframe.
 */
import http from 'node:http';
import type { Context } from '../context.ts';
import type { SimulatorControl } from '../control.ts';
import { agentPage, submitAgent } from './agent.ts';
import { control } from './control.ts';
import { homePage } from './home.ts';
import type { Lang } from './i18n.ts';
import { identificationPage, submitIdentification } from './identification.ts';
import { mobilePage, submitMobile } from './mobile.ts';
import { SIGN_PREFIX, signingDocument, signingPage, submitSigning } from './signing.ts';
import type { PageDeps, PageHandler, PageRequest, PageResult } from './types.ts';

const MAX_FORM_BYTES = 64 * 1024;
const SEG = '([^/]+)';
const SIGN = SIGN_PREFIX.replace(/\//g, '\\/');

const ROUTES: [string, RegExp, PageHandler][] = [
  ['GET', /^\/$/, homePage],
  ['GET', new RegExp(`^/session/${SEG}$`), identificationPage],
  ['POST', new RegExp(`^/session/${SEG}$`), submitIdentification],
  ['GET', new RegExp(`^${SIGN}/${SEG}$`), signingPage],
  ['POST', new RegExp(`^${SIGN}/${SEG}$`), submitSigning],
  ['GET', new RegExp(`^${SIGN}/${SEG}/documents/${SEG}$`), signingDocument],
  ['GET', /^\/mobile$/, mobilePage],
  ['POST', new RegExp(`^/mobile/${SEG}$`), submitMobile],
  ['GET', /^\/agent$/, agentPage],
  ['POST', new RegExp(`^/agent/${SEG}$`), submitAgent],
  ['POST', new RegExp(`^/__sim/identification/${SEG}$`), control.identification],
  ['POST', new RegExp(`^/__sim/review/${SEG}$`), control.review],
  ['POST', new RegExp(`^/__sim/mobile/${SEG}$`), control.mobile],
  ['GET', /^\/__sim\/mobile$/, control.pendingMobile],
  ['POST', new RegExp(`^/__sim/sign/${SEG}$`), control.sign],
  ['GET', new RegExp(`^/__sim/sign/${SEG}$`), control.signInfo],
  ['POST', new RegExp(`^/__sim/expire/${SEG}$`), control.expire],
  ['GET', /^\/__sim\/dialect$/, control.dialect],
  ['POST', /^\/__sim\/dialect$/, control.setDialect],
  ['POST', /^\/__sim\/faults$/, control.setFault],
  ['DELETE', /^\/__sim\/faults$/, control.clearFaults],
  ['GET', /^\/__sim\/callbacks$/, control.callbacks],
  ['GET', /^\/__sim\/calls$/, control.calls],
  ['POST', /^\/__sim\/reset$/, control.reset],
];

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // No X-Frame-Options: the relay may show these pages in an iframe.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors *; base-uri 'none'",
  'permissions-policy': 'camera=(self), microphone=(self)',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

class TooLarge extends Error {}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function preferredLang(header: string | undefined): Lang {
  return header?.trim().toLowerCase().startsWith('en') ? 'en' : 'bg';
}

function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function send(res: http.ServerResponse, out: PageResult, isControl: boolean): void {
  const extra = isControl ? CORS : {};
  if ('redirect' in out) {
    // The relying party's URLs may hold non-ASCII characters: a header must not.
    const location = /^https?:/i.test(out.redirect) ? new URL(out.redirect).href : out.redirect;
    res.writeHead(303, { location, 'cache-control': 'no-store', ...extra });
    res.end();
  } else if ('html' in out) {
    res.writeHead(out.status, HTML_HEADERS);
    res.end(out.html);
  } else if ('json' in out) {
    res.writeHead(out.status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
    res.end(JSON.stringify(out.json));
  } else if ('pdf' in out) {
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': out.pdf.length,
      'content-disposition': contentDisposition(out.download ? 'attachment' : 'inline', out.fileName),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(out.pdf);
  } else {
    res.writeHead(out.status, { 'content-type': 'text/plain; charset=utf-8', ...extra });
    res.end(out.text);
  }
}

export function createPagesServer(ctx: Context, simControl: SimulatorControl): http.Server {
  const deps: PageDeps = { ctx, control: simControl };
  return http.createServer((req, res) => {
    handle(deps, req, res).catch((err) => {
      ctx.log(`pages internal error: ${(err as Error).name}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error');
      } else {
        res.destroy();
      }
    });
  });
}

async function handle(deps: PageDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = req.method ?? 'GET';
  const isControl = url.pathname.startsWith('/__sim/');
  if (method === 'OPTIONS' && isControl) {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const route = ROUTES.find(
    ([m, re]) => (m === method || (m === 'GET' && method === 'HEAD')) && re.test(url.pathname),
  );
  if (!route) {
    req.resume();
    const known = ROUTES.some(([, re]) => re.test(url.pathname));
    return send(
      res,
      { status: known ? 405 : 404, text: known ? 'Method not allowed' : 'Not found' },
      isControl,
    );
  }
  let params: string[];
  try {
    params = (route[1].exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
  } catch {
    return send(res, { status: 400, text: 'Malformed path' }, isControl);
  }

  let form = new URLSearchParams();
  let json: unknown;
  if (method === 'POST' || method === 'DELETE') {
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof TooLarge) return send(res, { status: 413, text: 'Body too large' }, isControl);
      throw err;
    }
    const type = req.headers['content-type'] ?? '';
    if (isControl) {
      if (text.trim()) {
        try {
          json = JSON.parse(text);
        } catch {
          return send(res, { status: 400, json: { error: 'body is not valid JSON' } }, true);
        }
      }
    } else if (/^application\/x-www-form-urlencoded/i.test(type) || !type) {
      form = new URLSearchParams(text);
    } else {
      return send(res, { status: 415, text: 'Forms must be application/x-www-form-urlencoded' }, false);
    }
  }

  const chosen = url.searchParams.get('lang');
  const langChosen = chosen === 'bg' || chosen === 'en';
  const pageReq: PageRequest = {
    method,
    url,
    params,
    form,
    json,
    lang: langChosen ? (chosen as Lang) : preferredLang(req.headers['accept-language']),
    langChosen,
  };
  const out = await route[2](deps, pageReq);
  send(res, out, isControl);
}

/**
 * The light page BORICA sends the customer back to when the relying party's page should not load there:
 * without a returnUrl, and in the widget's popup, iframe and qr modes (flows/urls.ts). A tiny static page
 * in the session's language (`lang`), worded for where it shows (`display`). No session data; in a popup one
 * line of script that closes the window.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * In a popup the page closes its own window. The widget closes it too, but Chromium severs the widget's
 * handle when a window whose `opener` was cleared navigates across sites (a new browsing context group),
 * so the page BORICA returns to is the one place that can always do it. Allowed by hash, not 'unsafe-inline'.
 */
const CLOSE = 'window.close()';
const CLOSE_HASH = `'sha256-${createHash('sha256').update(CLOSE).digest('base64')}'`;

type Where = 'popup' | 'iframe' | 'qr' | 'other';

const TEXT = {
  bg: {
    title: 'Готово',
    success: 'Стъпката при БОРИКА приключи.',
    cancel: 'Процесът при БОРИКА беше прекратен.',
    next: {
      popup:
        'Този прозорец ще се затвори сам. Ако остане отворен, затворете го и продължете в страницата, от която започнахте.',
      iframe: 'Страницата ще покаже резултата след малко.',
      qr: 'Продължете на устройството, на което сканирахте кода. Можете да затворите тази страница.',
      other: 'Можете да затворите този прозорец и да се върнете към страницата, от която започнахте.',
    },
  },
  en: {
    title: 'Done',
    success: 'The step at BORICA is finished.',
    cancel: 'The process at BORICA was cancelled.',
    next: {
      popup:
        'This window closes by itself. If it stays open, close it and continue on the page where you started.',
      iframe: 'The page shows the result in a moment.',
      qr: 'Continue on the device where you scanned the code. You can close this page.',
      other: 'You can close this window and return to the page where you started.',
    },
  },
} as const;

export function returnPage(c: Context): Response {
  const lang = c.req.query('lang') === 'en' ? 'en' : 'bg';
  const t = TEXT[lang];
  // `outcome`: links handed to BORICA before borica_outcome was used here too
  const cancelled = (c.req.query('borica_outcome') ?? c.req.query('outcome')) === 'cancel';
  const display = c.req.query('display');
  const where: Where = display === 'popup' || display === 'iframe' || display === 'qr' ? display : 'other';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1b1f24;background:#fff;text-align:center}
@media (prefers-color-scheme:dark){body{color:#e8eaed;background:#17191c}}</style>
</head><body><main><h1>${t.title}</h1><p>${cancelled ? t.cancel : t.success}</p><p>${t.next[where]}</p></main>${where === 'popup' ? `<script>${CLOSE}</script>` : ''}</body></html>`;
  return c.html(html, 200, {
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'${where === 'popup' ? `; script-src ${CLOSE_HASH}` : ''}`,
    'referrer-policy': 'no-referrer',
  });
}

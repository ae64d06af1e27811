/**
 * Where the provider sends the customer back when the relying party gave no returnUrl: a tiny static
 * page, in the session's language, saying the window can be closed. No script, no session data.
 */
import type { Context } from 'hono';

const TEXT = {
  bg: {
    title: 'Готово',
    success: 'Стъпката при БОРИКА приключи.',
    cancel: 'Процесът при БОРИКА беше прекратен.',
    close: 'Можете да затворите този прозорец и да се върнете към страницата, от която започнахте.',
  },
  en: {
    title: 'Done',
    success: 'The step at BORICA is finished.',
    cancel: 'The process at BORICA was cancelled.',
    close: 'You can close this window and return to the page where you started.',
  },
} as const;

export function returnPage(c: Context): Response {
  const lang = c.req.query('lang') === 'en' ? 'en' : 'bg';
  const t = TEXT[lang];
  const outcome = c.req.query('outcome') === 'cancel' ? t.cancel : t.success;
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1b1f24;text-align:center}</style>
</head><body><h1>${t.title}</h1><p>${outcome}</p><p>${t.close}</p></body></html>`;
  return c.html(html, 200, {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
  });
}

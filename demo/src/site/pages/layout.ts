import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Dict, Lang } from '../i18n.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageCtx {
  t: Dict;
  lang: Lang;
  /** the relay as the browser reaches it */
  relayUrl: string;
  /** the simulator's customer pages (BORICA's stand-in) */
  simulatorUrl: string;
  /** current path with query, for the language switch */
  path: string;
}

const nav = (ctx: PageCtx, active: string) => {
  const { t } = ctx;
  const items: [string, string][] = [
    ['/', t.navOpen],
    ['/open-start', t.navOpenStart],
    ['/backoffice', t.navBackoffice],
    ['/simulator', t.navSimulator],
  ];
  const other = ctx.lang === 'bg' ? 'en' : 'bg';
  const sep = ctx.path.includes('?') ? '&' : '?';
  const switchHref = `${ctx.path.replace(/[?&]lang=(bg|en)/, '')}${sep}lang=${other}`.replace('?&', '?');
  return html`<nav class="nav" aria-label="${t.navLabel}">
    ${items.map(
      ([href, label]) =>
        html`<a href="${href}" class="${href === active ? 'active' : ''}" ${href === active ? html`aria-current="page"` : ''}>${label}</a>`,
    )}
    <a class="lang" href="${switchHref}" hreflang="${other}" lang="${other}">${ctx.t.language}</a>
  </nav>`;
};

export function layout(
  ctx: PageCtx,
  opts: { title: string; active: string; body: Html; scripts?: string[]; widget?: boolean },
) {
  const { t } = ctx;
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${t.bank}</title>
<link rel="icon" href="/assets/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/styles.css">
${opts.widget ? html`<script type="module" src="/borica-identify.js"></script>` : ''}
${(opts.scripts ?? []).map((s) => html`<script type="module" src="${s}"></script>`)}
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
<header>
<p class="ribbon">${t.demoRibbon}</p>
<div class="top">
  <a class="brand" href="/"><img src="/assets/logo.svg" alt="" width="36" height="36"><span><strong>${t.bank}</strong><small>${t.tagline}</small></span></a>
  ${nav(ctx, opts.active)}
</div>
</header>
<main id="main" tabindex="-1">${opts.body}</main>
<footer class="foot">${t.footer}</footer>
</body>
</html>`;
}

/** `next`: the step that becomes current once the page's flow completes (flow.js moves it). */
export function steps(ctx: PageCtx, current: 0 | 1 | 2, next?: 1 | 2) {
  return html`<ol class="steps" aria-label="${ctx.t.progressLabel}" data-next="${next ?? ''}">
    ${ctx.t.steps.map(
      (label, i) =>
        html`<li class="${i < current ? 'done' : i === current ? 'current' : ''}" ${i === current ? html`aria-current="step"` : ''}><span>${i + 1}</span>${label}</li>`,
    )}
  </ol>`;
}

/** Problems the relay named (field paths) shown beside the form. */
export function problems(title: string, messages: string[]) {
  if (messages.length === 0) return '';
  return html`<div class="alert error" role="alert" data-testid="form-error"><strong>${title}</strong><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul></div>`;
}

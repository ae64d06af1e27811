import { html } from 'hono/html';
import { layout, type PageCtx } from './layout.ts';

/** The whole integration of a site with no backend: one script, one tag. */
export function openStartPage(ctx: PageCtx, run: string) {
  const { t } = ctx;
  const reason = ctx.lang === 'bg' ? 'Регистрация в клуба на Банка Витоша' : 'Joining the Vitosha Bank club';
  const snippet = `<script type="module" src="/borica-identify.js"></script>
<borica-identify relay="${ctx.relayUrl}" method="web" reason="${reason}"></borica-identify>`;
  const body = html`
<h1>${t.openStartTitle}</h1>
<p class="lead">${t.openStartIntro}</p>
<pre class="code" data-testid="snippet"><code>${snippet}</code></pre>
<div class="widget-box">
  <borica-identify id="open-start-${run}" data-testid="widget" relay="${ctx.relayUrl}" method="web" reason="${reason}" lang="${ctx.lang}"></borica-identify>
</div>
<p class="start-over"><a href="/open-start?run=${Date.now().toString(36)}" data-testid="open-start-again">${t.startOver}</a></p>
<details class="events"><summary>${ctx.t.widgetEvents}</summary><ol id="widget-events" data-testid="widget-events"></ol></details>`;
  return layout(ctx, {
    title: t.navOpenStart,
    active: '/open-start',
    body,
    widget: true,
    scripts: ['/assets/flow.js'],
  });
}

import { html } from 'hono/html';
import { layout, type PageCtx } from './layout.ts';

export function simulatorPage(ctx: PageCtx) {
  const { t } = ctx;
  const body = html`
<h1>${t.simulatorTitle}</h1>
<p class="lead">${t.simulatorIntro}</p>
<section class="cards">
  <article class="card">
    <h2>${t.simAgent}</h2><p>${t.simAgentText}</p>
    <a class="button secondary" href="${ctx.simulatorUrl}/agent" target="_blank" rel="noopener" data-testid="sim-agent">${ctx.simulatorUrl}/agent ↗</a>
  </article>
  <article class="card">
    <h2>${t.simPhone}</h2><p>${t.simPhoneText}</p>
    <a class="button secondary" href="${ctx.simulatorUrl}/mobile" target="_blank" rel="noopener" data-testid="sim-phone">${ctx.simulatorUrl}/mobile ↗</a>
  </article>
</section>
<p class="hint">${t.simSession}</p>`;
  return layout(ctx, { title: t.simulatorTitle, active: '/simulator', body });
}

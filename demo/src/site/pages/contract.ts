import { html } from 'hono/html';
import type { FlowView } from './identify.ts';
import { layout, type PageCtx, problems, steps } from './layout.ts';

export function contractPage(
  ctx: PageCtx,
  opts: { identified: boolean; signing?: FlowView; errors?: string[] },
) {
  const { t } = ctx;
  let main: ReturnType<typeof html>;
  if (!opts.identified) {
    main = html`<div class="alert warn" data-testid="need-identification"><p>${t.needIdentification}</p><a class="button" href="/open/web">${t.toIdentification}</a></div>`;
  } else if (!opts.signing) {
    main = html`
${problems(t.relayError, opts.errors ?? [])}
<div class="contract-preview">
  <div class="doc-icon" aria-hidden="true">PDF</div>
  <div><strong>Current account contract</strong><br><small>contract.pdf · 1 page</small><br>
  <a href="/open/contract/contract.pdf" target="_blank" rel="noopener" data-testid="view-contract">${t.viewContract}</a></div>
</div>
<form method="post" action="/open/contract" class="start"><button data-testid="sign-contract">${t.signContract}</button></form>`;
  } else {
    const s = opts.signing;
    main = html`
<div class="widget-box">
  <borica-sign id="sign" data-testid="sign-widget" relay="${ctx.relayUrl}" session="${s.id}" token="${s.clientToken}" lang="${ctx.lang}"></borica-sign>
</div>
<section id="outcome-completed" class="alert success" data-testid="outcome-completed" ${s.status === 'completed' ? '' : html`hidden`}>
  <h2>${t.signedTitle}</h2><p>${t.signedText}</p>
  <a class="button" href="/open/contract/signed.pdf" download="contract-signed.pdf" data-testid="download-signed">${t.downloadSigned}</a>
</section>
<section id="outcome-ended" class="alert warn" data-testid="outcome-ended" ${['failed', 'cancelled', 'expired'].includes(s.status) ? '' : html`hidden`}>
  <h2>${t.endedTitle}</h2><p>${t.endedText} <span data-testid="outcome-status"></span></p>
  <form method="post" action="/open/contract/reset"><button class="secondary">${t.startOver}</button></form>
</section>
<details class="events"><summary>${ctx.t.widgetEvents}</summary><ol id="widget-events" data-testid="widget-events"></ol></details>`;
  }
  const body = html`
${opts.signing?.status === 'completed' ? steps(ctx, 2) : steps(ctx, 1, 2)}
<h1>${t.contractTitle}</h1>
<p class="lead">${t.contractIntro}</p>
<div class="flow narrow">${main}</div>`;
  return layout(ctx, {
    title: t.contractTitle,
    active: '/',
    body,
    widget: !!opts.signing,
    scripts: ['/assets/flow.js'],
  });
}

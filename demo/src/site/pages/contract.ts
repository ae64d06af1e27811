import { html } from 'hono/html';
import { eventLog, type FlowView, outcome, startOver, title } from './identify.ts';
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
  <div><strong>${t.contractName}</strong><br><small>contract.pdf · ${t.onePage}</small><br>
  <a href="/open/contract/contract.pdf" target="_blank" rel="noopener" data-testid="view-contract">${t.viewContract}</a></div>
</div>
<form method="post" action="/open/contract" class="start"><button data-testid="sign-contract">${t.signContract}</button></form>`;
  } else {
    const s = opts.signing;
    main = html`
<div class="widget-box">
  <borica-sign id="sign" data-testid="sign-widget" relay="${ctx.relayUrl}" session="${s.id}" token="${s.clientToken}" lang="${ctx.lang}"></borica-sign>
</div>
${outcome(
  ctx,
  s.status,
  html`<p>${t.signedText}</p><a class="button" href="/open/contract/signed.pdf" download="contract-signed.pdf" data-testid="download-signed">${t.downloadSigned}</a>`,
)}
${eventLog(ctx)}
${startOver(ctx, '/open/contract', s.status)}`;
  }
  const completed = opts.signing?.status === 'completed';
  const body = html`
${completed ? steps(ctx, 2) : steps(ctx, 1, 2)}
${title(t.contractTitle, t.contractDoneTitle, completed)}
<p class="lead" ${completed ? html`hidden` : ''}>${t.contractIntro}</p>
<div class="flow narrow">${main}</div>`;
  return layout(ctx, {
    title: t.contractTitle,
    active: '/',
    body,
    widget: !!opts.signing,
    scripts: ['/assets/flow.js'],
  });
}

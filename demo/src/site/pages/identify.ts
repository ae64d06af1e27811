import { html } from 'hono/html';
import { DISPLAYS, type Display } from '../state.ts';
import { layout, type PageCtx, problems, steps } from './layout.ts';

export interface FlowView {
  id: string;
  clientToken: string;
  status: string;
}

const eventLog = (ctx: PageCtx) =>
  html`<details class="events"><summary>${ctx.t.widgetEvents}</summary><ol id="widget-events" data-testid="widget-events"></ol></details>`;

/** The customer-facing end of a terminal identification, rendered by the server or revealed by flow.js. */
function outcome(ctx: PageCtx, status: string | undefined, completedBody: ReturnType<typeof html>) {
  const { t } = ctx;
  const ended = status === 'failed' || status === 'cancelled' || status === 'expired';
  return html`
<section id="outcome-completed" class="alert success" data-testid="outcome-completed" ${status === 'completed' ? '' : html`hidden`}>
  ${completedBody}
</section>
<section id="outcome-ended" class="alert warn" data-testid="outcome-ended" ${ended ? '' : html`hidden`}>
  <h2>${t.endedTitle}</h2>
  <p>${t.endedText} <span data-testid="outcome-status">${ended ? status : ''}</span></p>
  <form method="post" action="/reset"><input type="hidden" name="next" value="${ctx.path}"><button class="secondary">${t.startOver}</button></form>
</section>`;
}

export function webIdentificationPage(
  ctx: PageCtx,
  opts: { display: Display; flow?: FlowView; errors?: string[] },
) {
  const { t } = ctx;
  const picker = html`
<nav class="modes" aria-label="${t.displayLabel}">
  <p class="modes-label">${t.displayLabel}</p>
  <ul>
  ${DISPLAYS.map((d) => {
    const [label, text] = t.displays[d];
    return html`<li><a href="/open/web?display=${d}" class="${d === opts.display ? 'active' : ''}" data-testid="mode-${d}" ${d === opts.display ? html`aria-current="true"` : ''}><strong>${label}</strong><small>${text}</small></a></li>`;
  })}
  </ul>
</nav>`;
  const flow = opts.flow;
  const main = flow
    ? html`
<div class="widget-box">
  <borica-identify id="identify" data-testid="widget" relay="${ctx.relayUrl}" session="${flow.id}" token="${flow.clientToken}" display="${opts.display}"${opts.display === 'iframe' || opts.display === 'qr' ? html` return-url="/return?to=web&amp;display=${opts.display}"` : ''} lang="${ctx.lang}"></borica-identify>
</div>
${outcome(
  ctx,
  flow.status,
  html`<h2>${t.verifiedTitle}</h2><p>${t.verifiedText}</p><a class="button" href="/open/contract" data-testid="to-contract">${t.toContract}</a>`,
)}
${eventLog(ctx)}
<form method="post" action="/reset" class="start-over"><input type="hidden" name="next" value="/open/web?display=${opts.display}"><button class="link">${t.startOver}</button></form>`
    : html`
${problems(t.relayError, opts.errors ?? [])}
<form method="post" action="/open/web" class="start">
  <input type="hidden" name="display" value="${opts.display}">
  <button data-testid="start-identification">${t.startWeb}</button>
</form>`;
  const body = html`
${opts.flow?.status === 'completed' ? steps(ctx, 1) : steps(ctx, 0, 1)}
<h1>${t.webTitle}</h1>
<p class="lead">${t.webIntro}</p>
<div class="split">
  ${picker}
  <div class="flow" data-display="${opts.display}">${main}</div>
</div>`;
  return layout(ctx, { title: t.webTitle, active: '/', body, widget: !!flow, scripts: ['/assets/flow.js'] });
}

export interface MobileForm {
  idType: string;
  id: string;
  dateOfBirth: string;
  phone: string;
  email: string;
}

export const TEST_PERSON: MobileForm = {
  idType: 'EGN',
  id: '7504151238',
  dateOfBirth: '1975-04-15',
  phone: '+359888123456',
  email: 'ivan.petrov@example.com',
};

export function mobilePage(ctx: PageCtx, opts: { flow?: FlowView; form?: MobileForm; errors?: string[] }) {
  const { t } = ctx;
  const f = opts.form ?? TEST_PERSON;
  const phoneLink = html`<p class="hint">${t.phoneHint} <a href="${ctx.simulatorUrl}/mobile" target="_blank" rel="noopener" data-testid="open-phone">${t.openPhone} ↗</a></p>`;
  const main = opts.flow
    ? html`
<div class="widget-box">
  <borica-identify id="identify" data-testid="widget" relay="${ctx.relayUrl}" session="${opts.flow.id}" token="${opts.flow.clientToken}" lang="${ctx.lang}"></borica-identify>
</div>
${phoneLink}
${outcome(ctx, opts.flow.status, html`<h2>${t.verifiedTitle}</h2><p>${t.mobileDone}</p><a class="button secondary" href="/backoffice/${opts.flow.id}">${t.navBackoffice}</a>`)}
${eventLog(ctx)}
<form method="post" action="/reset" class="start-over"><input type="hidden" name="next" value="/open/mobile"><button class="link">${t.startOver}</button></form>`
    : html`
${problems(t.relayError, opts.errors ?? [])}
<form method="post" action="/open/mobile" class="person">
  <label>${t.idType}
    <select name="idType">${Object.entries(t.idTypes).map(
      ([v, label]) => html`<option value="${v}" ${v === f.idType ? 'selected' : ''}>${label}</option>`,
    )}</select>
  </label>
  <label>${t.id}<input name="id" value="${f.id}" required autocomplete="off" inputmode="text"></label>
  <label>${t.dateOfBirth}<input name="dateOfBirth" type="date" value="${f.dateOfBirth}" required></label>
  <label>${t.phone}<input name="phone" type="tel" value="${f.phone}" required></label>
  <label>${t.email}<input name="email" type="email" value="${f.email}" required></label>
  <p class="hint">${t.testPerson}</p>
  <button data-testid="send-mobile">${t.sendRequest}</button>
</form>
${phoneLink}`;
  const body = html`
${steps(ctx, 0)}
<h1>${t.mobileTitle}</h1>
<p class="lead">${t.mobileIntro}</p>
<div class="flow narrow">${main}</div>`;
  return layout(ctx, {
    title: t.mobileTitle,
    active: '/',
    body,
    widget: !!opts.flow,
    scripts: ['/assets/flow.js'],
  });
}

export function returnPage(ctx: PageCtx, next?: string) {
  const { t } = ctx;
  const body = html`<section class="alert success" id="handoff-done" data-testid="handoff-done" data-next="${next ?? ''}" ${next ? html`hidden` : ''}><h1>${t.returnTitle}</h1><p>${t.returnText}</p></section>`;
  return layout(ctx, { title: t.returnTitle, active: '', body, scripts: ['/assets/return.js'] });
}

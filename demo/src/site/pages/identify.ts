import { html } from 'hono/html';
import { DISPLAYS, type Display } from '../state.ts';
import { layout, type PageCtx, problems, steps } from './layout.ts';

export interface FlowView {
  id: string;
  clientToken: string;
  status: string;
}

export const eventLog = (ctx: PageCtx) =>
  html`<details class="events"><summary>${ctx.t.widgetEvents}</summary><ol id="widget-events" data-testid="widget-events"></ol></details>`;

/**
 * What the bank adds once a session ended: only the next action. The widget says how it ended (and
 * offers "Try again", answered by flow.js with a new session), so nothing is repeated here for an
 * unsuccessful end: `outcome-ended` only holds the bank's authoritative status (`data-status`) and the
 * form flow.js falls back to when the bank cannot start a new session by itself (`retry`).
 */
export function outcome(
  ctx: PageCtx,
  status: string | undefined,
  completedBody: ReturnType<typeof html>,
  retry: ReturnType<typeof html> | '' = '',
) {
  const ended = status === 'failed' || status === 'cancelled' || status === 'expired';
  return html`
<section id="outcome-completed" class="next success" data-testid="outcome-completed" aria-label="${ctx.t.nextStep}" ${status === 'completed' ? '' : html`hidden`}>
  ${completedBody}
</section>
<div id="outcome-ended" data-testid="outcome-ended" data-status="${ended ? status : ''}" hidden>${retry}</div>`;
}

/** Start over. */
export const startOver = (ctx: PageCtx, next: string, _status: string) =>
  html`<form method="post" action="/reset" class="start-over" data-testid="start-over"><input type="hidden" name="next" value="${next}"><button class="link">${ctx.t.startOver}</button></form>`;

/** The page's title: it follows the step (flow.js switches to `data-done` when the flow completes). */
export const title = (text: string, done: string, completed: boolean) =>
  html`<h1 id="title" data-done="${done}">${completed ? done : text}</h1>`;

export function webIdentificationPage(
  ctx: PageCtx,
  opts: { display: Display; flow?: FlowView; errors?: string[] },
) {
  const { t } = ctx;
  const picker = html`
<nav class="modes" aria-labelledby="modes-label">
  <h2 class="modes-label" id="modes-label">${t.displayLabel}</h2>
  <ul>
  ${DISPLAYS.map((d) => {
    const [label, text] = t.displays[d];
    return html`<li><a href="/open/web?display=${d}" class="${d === opts.display ? 'active' : ''}" data-testid="mode-${d}" ${d === opts.display ? html`aria-current="true"` : ''}><strong>${label}</strong><small>${text}</small></a></li>`;
  })}
  </ul>
</nav>`;
  const flow = opts.flow;
  const completed = flow?.status === 'completed';
  const main = flow
    ? html`
<div class="widget-box">
  <borica-identify id="identify" data-testid="widget" relay="${ctx.relayUrl}" session="${flow.id}" token="${flow.clientToken}" display="${opts.display}"${opts.display === 'iframe' ? html` return-url="/return?to=web&amp;display=iframe"` : ''} lang="${ctx.lang}"></borica-identify>
</div>
${outcome(
  ctx,
  flow.status,
  html`<p>${t.verifiedText}</p><a class="button" href="/open/contract" data-testid="to-contract">${t.toContract}</a>`,
)}
${eventLog(ctx)}
${startOver(ctx, `/open/web?display=${opts.display}`, flow.status)}`
    : html`
${problems(t.relayError, opts.errors ?? [])}
<form method="post" action="/open/web" class="start">
  <input type="hidden" name="display" value="${opts.display}">
  <button data-testid="start-identification">${t.startWeb}</button>
</form>`;
  const body = html`
${completed ? steps(ctx, 1) : steps(ctx, 0, 1)}
${title(t.webTitle, t.webDoneTitle, completed)}
<p class="lead" ${completed ? html`hidden` : ''}>${t.webIntro}</p>
<div class="split">
  <div class="flow" data-display="${opts.display}">${main}</div>
  ${picker}
</div>`;
  return layout(ctx, { title: t.webTitle, active: '/', body, widget: !!flow, scripts: ['/assets/flow.js'] });
}

/** The relay's field problems mapped to this form's fields (and `form` for anything else), already in the page's language. */
export type FieldErrors = Partial<Record<keyof MobileForm | 'form', string>>;

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

export function mobilePage(ctx: PageCtx, opts: { flow?: FlowView; form?: MobileForm; errors?: FieldErrors }) {
  const { t } = ctx;
  const f = opts.form ?? TEST_PERSON;
  const errors = opts.errors ?? {};
  const phoneLink = html`<p class="hint">${t.phoneHint} <a href="${ctx.simulatorUrl}/mobile" target="_blank" rel="noopener" data-testid="open-phone">${t.openPhone} ↗</a></p>`;
  const completed = opts.flow?.status === 'completed';
  const field = (name: keyof MobileForm, label: string, input: ReturnType<typeof html>) => html`
  <div class="field"><label for="f-${name}">${label}</label>${input}${
    errors[name]
      ? html`<p class="field-error" id="f-${name}-error" data-testid="error-${name}">${errors[name]}</p>`
      : ''
  }</div>`;
  const invalid = (name: keyof MobileForm) =>
    errors[name] ? html`aria-invalid="true" aria-describedby="f-${name}-error"` : '';
  const main = opts.flow
    ? html`
<div class="widget-box">
  <borica-identify id="identify" data-testid="widget" relay="${ctx.relayUrl}" session="${opts.flow.id}" token="${opts.flow.clientToken}" lang="${ctx.lang}"></borica-identify>
</div>
${completed ? '' : phoneLink}
${outcome(
  ctx,
  opts.flow.status,
  html`<p>${t.mobileDone}</p><a class="button" href="/open/web" data-testid="to-video">${t.toVideo}</a>`,
  html`<form method="post" action="/reset" data-retry><input type="hidden" name="next" value="/open/mobile"></form>`,
)}
${eventLog(ctx)}
${startOver(ctx, '/open/mobile', opts.flow.status)}`
    : html`
${problems(t.formError, errors.form ? [errors.form] : Object.keys(errors).length ? [t.checkFields] : [])}
<form method="post" action="/open/mobile" class="person" novalidate>
  ${field(
    'idType',
    t.idType,
    html`<select id="f-idType" name="idType">${Object.entries(t.idTypes).map(
      ([v, label]) => html`<option value="${v}" ${v === f.idType ? 'selected' : ''}>${label}</option>`,
    )}</select>`,
  )}
  ${field('id', t.id, html`<input id="f-id" name="id" value="${f.id}" required autocomplete="off" inputmode="text" ${invalid('id')}>`)}
  ${field('dateOfBirth', t.dateOfBirth, html`<input id="f-dateOfBirth" name="dateOfBirth" type="date" value="${f.dateOfBirth}" required ${invalid('dateOfBirth')}>`)}
  ${field('phone', t.phone, html`<input id="f-phone" name="phone" type="tel" value="${f.phone}" required autocomplete="tel" ${invalid('phone')}>`)}
  ${field('email', t.email, html`<input id="f-email" name="email" type="email" value="${f.email}" required autocomplete="email" ${invalid('email')}>`)}
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

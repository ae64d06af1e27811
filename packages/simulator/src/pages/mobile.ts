/** The "phone": stands in for the B-Trust MOBILE app, listing requests to approve or reject. */
import { SimError } from '../errors.ts';
import { pendingMobile } from '../scenarios/mobile.ts';
import { maskId, maskPhone } from '../scenarios/person.ts';
import { html } from './html.ts';
import { texts } from './i18n.ts';
import { formatTime, layout } from './layout.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

export function mobilePage(deps: PageDeps, req: PageRequest): PageResult {
  const lang = req.lang;
  const t = texts(lang);
  const pending = pendingMobile(deps.ctx);
  const langQuery = req.langChosen ? `?lang=${lang}` : '';
  const content = html`
<h1>${t.phoneTitle}</h1>
<p>${t.phoneIntro}</p>
${pending.length === 0 ? html`<p class="card muted">${t.noRequests}</p>` : ''}
${pending.map(
  (m) => html`<section class="card" aria-label="${t.phoneTitle}: ${m.reason}">
    <p><strong>${m.reason}</strong></p>
    <p class="muted">${t.idNumber}: ${m.docType} ${maskId(m.identificatorValue)} · ${maskPhone(m.phoneNumber)}</p>
    <p class="muted">${t.requestedAt}: ${formatTime(m.createdAt, lang)}</p>
    <form method="post" action="/mobile/${m.callbackId}${langQuery}" class="actions">
      <button type="submit" name="outcome" value="approve">${t.approve}</button>
      <button type="submit" name="outcome" value="reject" class="danger">${t.reject}</button>
    </form>
  </section>`,
)}`;
  return {
    status: 200,
    html: layout({ lang, title: t.phoneTitle, path: '/mobile', refresh: 5, phone: true }, content),
  };
}

export async function submitMobile(deps: PageDeps, req: PageRequest): Promise<PageResult> {
  const outcome = req.form.get('outcome');
  if (outcome !== 'approve' && outcome !== 'reject')
    return { status: 400, text: 'outcome must be approve or reject' };
  try {
    await deps.control.completeMobile(req.params[0] ?? '', outcome);
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    // Already answered or expired: the list simply no longer shows it.
  }
  return { status: 303, redirect: `/mobile${req.langChosen ? `?lang=${req.lang}` : ''}` };
}

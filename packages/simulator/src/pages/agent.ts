/** BORICA's agent console (simulated): registrations sent to review, with Approve / Deny. */
import { SimError } from '../errors.ts';
import { maskId } from '../scenarios/person.ts';
import { webSessionsWith } from '../scenarios/web.ts';
import { html } from './html.ts';
import { texts } from './i18n.ts';
import { formatTime, layout } from './layout.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

export function agentPage(deps: PageDeps, req: PageRequest): PageResult {
  const lang = req.lang;
  const t = texts(lang);
  const waiting = webSessionsWith(deps.ctx, 'review');
  const langQuery = req.langChosen ? `?lang=${lang}` : '';
  const content = html`
<div class="card">
  <h1>${t.agentTitle}</h1>
  <p>${t.agentIntro}</p>
  ${waiting.length === 0 ? html`<p class="muted">${t.noReviews}</p>` : ''}
  <ul class="plain">
    ${waiting.map((w) => {
      const r = w.registration!;
      return html`<li>
        <span class="grow"><strong>${r.person?.name ?? ''}</strong> · ${t.egn} ${maskId(r.person?.egn ?? '')}<br>
          <span class="muted">${t.reason}: ${w.reason} · ${t.submitted}: ${formatTime(r.processedOn ?? r.createdOn, lang)}</span><br>
          <small class="id">${r.sessionId}</small></span>
        <form method="post" action="/agent/${r.sessionId}${langQuery}" class="actions">
          <button type="submit" name="decision" value="approve" class="small">${t.allow}</button>
          <button type="submit" name="decision" value="deny" class="small danger">${t.deny}</button>
        </form>
      </li>`;
    })}
  </ul>
</div>`;
  return { status: 200, html: layout({ lang, title: t.agentTitle, path: '/agent', refresh: 5 }, content) };
}

export async function submitAgent(deps: PageDeps, req: PageRequest): Promise<PageResult> {
  const decision = req.form.get('decision');
  if (decision !== 'approve' && decision !== 'deny')
    return { status: 400, text: 'decision must be approve or deny' };
  try {
    await deps.control.review(req.params[0] ?? '', decision);
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
  }
  return { status: 303, redirect: `/agent${req.langChosen ? `?lang=${req.lang}` : ''}` };
}

/** Index for a human: everything waiting for someone, with links. */
import { pendingMobile } from '../scenarios/mobile.ts';
import { pendingSignings } from '../scenarios/signing.ts';
import { webSessionsWith } from '../scenarios/web.ts';
import { html } from './html.ts';
import { texts } from './i18n.ts';
import { formatTime, layout } from './layout.ts';
import { SIGN_PREFIX } from './signing.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

export function homePage(deps: PageDeps, req: PageRequest): PageResult {
  const lang = req.lang;
  const t = texts(lang);
  const web = webSessionsWith(deps.ctx, 'started');
  const review = webSessionsWith(deps.ctx, 'review');
  const signings = pendingSignings(deps.ctx);
  const mobile = pendingMobile(deps.ctx);
  const q = req.langChosen ? `?lang=${lang}` : '';
  const content = html`
<div class="card">
  <h1>${t.indexTitle}</h1>
  <h2>${t.pendingWeb} (${web.length})</h2>
  ${web.length === 0 ? html`<p class="muted">${t.none}</p>` : ''}
  <ul class="plain">${web.map(
    (w) => html`<li><span class="grow">${w.reason}<br><small class="id">${w.registration!.sessionId}</small>
      <span class="muted"> · ${formatTime(w.registration!.createdOn, lang)}</span></span>
      <a class="button small" href="/session/${w.registration!.sessionId}${q}">${t.open}</a></li>`,
  )}</ul>
  <h2>${t.pendingSign} (${signings.length})</h2>
  ${signings.length === 0 ? html`<p class="muted">${t.none}</p>` : ''}
  <ul class="plain">${signings.map(
    (s) => html`<li><span class="grow">${s.documents.map((d) => d.legalFileName).join(', ')}<br>
      <span class="muted">${formatTime(s.createdAt, lang)}</span></span>
      <a class="button small" href="${SIGN_PREFIX}/${s.token}${q}">${t.open}</a></li>`,
  )}</ul>
  <h2>${t.pendingMobile} (${mobile.length})</h2>
  <p><a href="/mobile${q}">${t.phoneTitle}</a></p>
  <h2>${t.pendingReview} (${review.length})</h2>
  <p><a href="/agent${q}">${t.agentTitle}</a></p>
</div>`;
  return { status: 200, html: layout({ lang, title: t.indexTitle, path: '/', refresh: 5 }, content) };
}

import { html } from 'hono/html';
import type { SessionView } from '../relay-api.ts';
import type { TrackedSession } from '../state.ts';
import type { TimelineEvent } from '../timeline.ts';
import { layout, type PageCtx } from './layout.ts';

const badge = (status: string) => html`<span class="badge ${status}" data-testid="status">${status}</span>`;
const when = (iso?: string) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '—');

export function backofficeList(ctx: PageCtx, rows: { tracked: TrackedSession; status: string }[]) {
  const { t } = ctx;
  const body = html`
<h1>${t.backofficeTitle}</h1>
<p class="lead">${t.backofficeIntro}</p>
${
  rows.length === 0
    ? html`<p class="empty">${t.none}</p>`
    : html`<table class="table" data-testid="sessions">
  <thead><tr><th>${t.colSession}</th><th>${t.colKind}</th><th>${t.colStatus}</th><th>${t.colSource}</th><th>${t.colStarted}</th></tr></thead>
  <tbody>${rows.map(
    ({ tracked, status }) =>
      html`<tr><td><a href="/backoffice/${tracked.id}"><code>${tracked.id}</code></a></td><td>${tracked.kind}${tracked.method ? ` · ${tracked.method}` : ''}</td><td>${badge(status)}</td><td>${tracked.label}</td><td>${when(tracked.createdAt)}</td></tr>`,
  )}</tbody></table>`
}`;
  return layout(ctx, { title: t.backofficeTitle, active: '/backoffice', body });
}

export function backofficeDetail(
  ctx: PageCtx,
  opts: { view: SessionView; tracked?: TrackedSession; timeline: TimelineEvent[] },
) {
  const { t } = ctx;
  const v = opts.view;
  const provider = Object.entries(v.provider ?? {}).filter(([, value]) => value !== undefined);
  const body = html`
<p><a href="/backoffice">← ${t.backofficeTitle}</a></p>
<h1><code>${v.id}</code> ${badge(v.status)}</h1>
<dl class="facts">
  <dt>${t.colKind}</dt><dd>${v.kind}${v.method ? ` · ${v.method}` : ''}</dd>
  ${v.reason ? html`<dt>${t.reason}</dt><dd>${v.reason}</dd>` : ''}
  ${v.externalRef ? html`<dt>externalRef</dt><dd><code>${v.externalRef}</code></dd>` : ''}
  ${v.identificationId ? html`<dt>identificationId</dt><dd><a href="/backoffice/${v.identificationId}"><code>${v.identificationId}</code></a></dd>` : ''}
  <dt>createdAt</dt><dd>${when(v.createdAt)}</dd>
  <dt>updatedAt</dt><dd>${when(v.updatedAt)}</dd>
  <dt>expiresAt</dt><dd>${when(v.expiresAt)}</dd>
  ${v.completedAt ? html`<dt>completedAt</dt><dd>${when(v.completedAt)}</dd>` : ''}
</dl>
<div class="split even">
<section>
  <h2>${t.provider}</h2>
  <dl class="facts" data-testid="provider">${provider.map(([k, value]) => html`<dt>${k}</dt><dd><code>${String(value)}</code></dd>`)}</dl>
  ${
    v.result
      ? html`<h2>${t.result}</h2><dl class="facts"><dt>clientIdentificator</dt><dd><code class="wrap">${v.result.clientIdentificator}</code></dd>
    ${v.result.signSessionExpiresAt ? html`<dt>signSessionExpiresAt</dt><dd>${when(v.result.signSessionExpiresAt)}</dd>` : ''}</dl>
    <a class="button" href="/backoffice/${v.id}/certificate.pdf" data-testid="certificate">${t.certificate}</a>`
      : ''
  }
  ${v.error ? html`<h2>${t.error}</h2><p><code>${v.error.code}</code> ${v.error.message}</p>` : ''}
  ${
    v.kind === 'signing' && v.status === 'completed'
      ? html`<h2>${t.signedDocs}</h2><ul>${(v.documents ?? []).map((d, i) => html`<li><a href="/backoffice/${v.id}/documents/${i}.pdf">${d.title} (${d.fileName})</a></li>`)}</ul>`
      : ''
  }
</section>
<section>
  <h2>${t.timeline}</h2>
  <ol class="timeline" data-testid="timeline">${opts.timeline.map(
    (e) =>
      html`<li><span class="seq">#${e.seq}</span> ${badge(e.status)} <time>${when(e.at)}</time><br><small>${Object.entries(
        e.provider ?? {},
      )
        .map(([k, value]) => `${k}=${value}`)
        .join(' · ')}</small></li>`,
  )}</ol>
  <h2>${t.webhooks}</h2>
  ${
    opts.tracked?.webhooks.length
      ? html`<ul data-testid="webhooks">${opts.tracked.webhooks.map((w) => html`<li><code>${w.type}</code> <time>${when(w.at)}</time></li>`)}</ul>`
      : html`<p class="empty">${t.noWebhooks}</p>`
  }
</section>
</div>`;
  return layout(ctx, { title: v.id, active: '/backoffice', body, scripts: ['/assets/backoffice.js'] });
}

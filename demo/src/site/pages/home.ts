import { html } from 'hono/html';
import { layout, type PageCtx } from './layout.ts';

export function homePage(ctx: PageCtx) {
  const { t } = ctx;
  const body = html`
<section class="hero">
  <h1>${t.heroTitle}</h1>
  <p class="lead">${t.heroText}</p>
</section>
<section class="cards">
  <article class="card">
    <img class="card-icon" src="/assets/video.svg" alt="" width="44" height="44">
    <h2>${t.cardWebTitle}</h2>
    <p>${t.cardWebText}</p>
    <a class="button" href="/open/web" data-testid="start-web">${t.cardWebCta}</a>
  </article>
  <article class="card">
    <img class="card-icon" src="/assets/phone.svg" alt="" width="44" height="44">
    <h2>${t.cardMobileTitle}</h2>
    <p>${t.cardMobileText}</p>
    <a class="button secondary" href="/open/mobile" data-testid="start-mobile">${t.cardMobileCta}</a>
  </article>
</section>
<section class="more">
  <h2>${t.moreTitle}</h2>
  <ul>
    <li><a href="/open-start">${t.moreOpenStart}</a></li>
    <li><a href="/backoffice">${t.moreBackoffice}</a></li>
    <li><a href="/simulator">${t.moreSimulator}</a></li>
  </ul>
</section>`;
  return layout(ctx, { title: t.heroTitle, active: '/', body });
}

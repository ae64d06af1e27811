/** The web identification page (guide 2.3): stands in for BORICA's video identification. */
import { SimError } from '../errors.ts';
import { TEST_PERSON } from '../scenarios/person.ts';
import { isExpired } from '../scenarios/web.ts';
import type { Registration, WebSession } from '../state/types.ts';
import { html, type SafeHtml } from './html.ts';
import { type Lang, texts } from './i18n.ts';
import { layout } from './layout.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

const OUTCOMES = ['success', 'review', 'fail', 'cancel'] as const;
type Outcome = (typeof OUTCOMES)[number];

function find(deps: PageDeps, sessionId: string): (WebSession & { registration: Registration }) | undefined {
  const w = deps.ctx.store.webSessionBySessionId(sessionId);
  return w?.registration ? (w as WebSession & { registration: Registration }) : undefined;
}

/** Keeps a language chosen with ?lang= across the POST. */
export function formAction(req: PageRequest, path: string): string {
  return req.langChosen ? `${path}?lang=${req.lang}` : path;
}

function pageLang(req: PageRequest, r?: Registration): Lang {
  return req.langChosen || !r ? req.lang : r.userLanguage;
}

function message(lang: Lang, path: string, text: string, status: number, kind = 'info'): PageResult {
  const t = texts(lang);
  return {
    status,
    html: layout(
      { lang, title: t.idTitle, path },
      html`<div class="card"><h1>${t.idTitle}</h1><p class="alert ${kind}" role="status">${text}</p></div>`,
    ),
  };
}

interface FormValues {
  name: string;
  egn: string;
  phone: string;
}

function form(
  lang: Lang,
  w: WebSession,
  r: Registration,
  values: FormValues,
  errors: string[],
  action: string,
): SafeHtml {
  const t = texts(lang);
  return html`
<div class="card">
  <h1>${t.idTitle}</h1>
  <p>${t.idIntro}</p>
  <p><strong>${t.reason}:</strong> <span class="reason">${w.reason}</span></p>
  ${r.showMainInfo ? html`<p class="alert info">${t.mainInfo}</p>` : ''}
  ${r.showGtcGdp ? html`<p class="muted">${t.terms}</p>` : ''}
  <ul>
    ${r.verifyEmailAddress ? html`<li>${t.verifyEmail}</li>` : ''}
    ${r.verifyPhoneNumber ? html`<li>${t.verifyPhone}</li>` : ''}
  </ul>
  <div class="camera" role="img" aria-label="${t.camera}">${t.camera}</div>
  ${errors.length ? html`<div class="alert error" role="alert">${errors.map((e) => html`<p>${e}</p>`)}</div>` : ''}
  <form method="post" action="${action}">
    <fieldset>
      <legend>${t.personLegend}</legend>
      <label for="name">${t.name}</label>
      <input type="text" id="name" name="name" value="${values.name}" autocomplete="name" maxlength="100">
      <label for="egn">${t.egn}</label>
      <input type="text" id="egn" name="egn" value="${values.egn}" inputmode="numeric" maxlength="10" autocomplete="off">
      <label for="phone">${t.phone}</label>
      <input type="tel" id="phone" name="phone" value="${values.phone}" autocomplete="tel" maxlength="16">
    </fieldset>
    <div class="actions">
      <button type="submit" name="outcome" value="success">${t.complete}</button>
      <button type="submit" name="outcome" value="review" class="secondary">${t.toReview}</button>
      <button type="submit" name="outcome" value="fail" class="danger">${t.fail}</button>
      <button type="submit" name="outcome" value="cancel" class="secondary">${t.cancel}</button>
    </div>
  </form>
</div>`;
}

export function identificationPage(deps: PageDeps, req: PageRequest): PageResult {
  const sessionId = req.params[0] ?? '';
  const path = `/session/${encodeURIComponent(sessionId)}`;
  const w = find(deps, sessionId);
  if (!w) return message(req.lang, path, texts(req.lang).notFound, 404, 'error');
  const r = w.registration;
  const lang = pageLang(req, r);
  const t = texts(lang);
  if (isExpired(r)) return message(lang, path, t.sessionExpired, 410, 'error');
  if (r.phase !== 'started') return message(lang, path, t.sessionEnded, 200);
  return {
    status: 200,
    html: layout({ lang, title: t.idTitle, path }, form(lang, w, r, TEST_PERSON, [], formAction(req, path))),
  };
}

export async function submitIdentification(deps: PageDeps, req: PageRequest): Promise<PageResult> {
  const sessionId = req.params[0] ?? '';
  const path = `/session/${encodeURIComponent(sessionId)}`;
  const w = find(deps, sessionId);
  if (!w) return message(req.lang, path, texts(req.lang).notFound, 404, 'error');
  const r = w.registration;
  const lang = pageLang(req, r);
  const t = texts(lang);
  const outcome = req.form.get('outcome') as Outcome;
  if (!OUTCOMES.includes(outcome)) return message(lang, path, 'outcome?', 400, 'error');
  const values = {
    name: (req.form.get('name') ?? '').trim(),
    egn: (req.form.get('egn') ?? '').trim(),
    phone: (req.form.get('phone') ?? '').trim(),
  };
  if (outcome === 'success' || outcome === 'review') {
    const errors: string[] = [];
    if (!values.name || values.name.length > 100) errors.push(t.nameRequired);
    if (!/^\d{10}$/.test(values.egn)) errors.push(t.egnInvalid);
    if (!/^\+[1-9]\d{6,14}$/.test(values.phone)) errors.push(t.phoneInvalid);
    if (errors.length) {
      return {
        status: 422,
        html: layout(
          { lang, title: t.idTitle, path },
          form(lang, w, r, values, errors, formAction(req, path)),
        ),
      };
    }
  }
  try {
    await deps.control.completeIdentification(sessionId, outcome, values);
  } catch (err) {
    if (!(err instanceof SimError)) throw err;
    return message(lang, path, isExpired(r) ? t.sessionExpired : t.sessionEnded, 409, 'error');
  }
  return {
    status: 303,
    redirect: outcome === 'success' || outcome === 'review' ? r.successUrl : r.cancelUrl,
  };
}

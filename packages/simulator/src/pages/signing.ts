/** The signing page at clientDocumentUrl (guide 3.1): documents, SMS code, Sign / Cancel. */
import { SimError } from '../errors.ts';
import { maskPhone } from '../scenarios/person.ts';
import { openSigningPage, signingExpired, WrongCodeError } from '../scenarios/signing.ts';
import type { Signing } from '../state/types.ts';
import { html, type SafeHtml } from './html.ts';
import { type Lang, texts } from './i18n.ts';
import { formAction } from './identification.ts';
import { layout } from './layout.ts';
import type { PageDeps, PageRequest, PageResult } from './types.ts';

export const SIGN_PREFIX = '/cqes/api/web-identification';

function pageLang(req: PageRequest, s?: Signing): Lang {
  return req.langChosen || !s ? req.lang : s.language;
}

function message(lang: Lang, path: string, text: string, status: number, kind = 'info'): PageResult {
  const t = texts(lang);
  return {
    status,
    html: layout(
      { lang, title: t.signTitle, path },
      html`<div class="card"><h1>${t.signTitle}</h1><p class="alert ${kind}" role="status">${text}</p></div>`,
    ),
  };
}

function signForm(lang: Lang, path: string, s: Signing, action: string, error?: string): SafeHtml {
  const t = texts(lang);
  return html`
<div class="card">
  <h1>${t.signTitle}</h1>
  <p>${t.signIntro}</p>
  <h2 id="docs">${t.documents}</h2>
  <ul class="plain" aria-labelledby="docs">
    ${s.documents.map(
      (d, i) => html`<li>
        <span class="grow"><strong>${d.legalFileName}</strong><br><small class="muted">${d.fileName}</small></span>
        <a class="button small secondary" href="${path}/documents/${i}" target="_blank" rel="noopener" aria-label="${t.view}: ${d.legalFileName}">${t.view}</a>
        <a class="button small secondary" href="${path}/documents/${i}?download=1" download="${d.fileName}" aria-label="${t.download}: ${d.legalFileName}">${t.download}</a>
      </li>`,
    )}
  </ul>
  ${s.sendSignedDocumentsByEmail ? html`<p class="muted">${t.emailCopy}</p>` : ''}
  <p>${t.smsSent(maskPhone(s.person.phone))}</p>
  <p class="sim">${t.smsShown(s.smsCode)}</p>
  ${error ? html`<p class="alert error" role="alert" id="code-error">${error}</p>` : ''}
  <form method="post" action="${action}">
    <label for="code">${t.codeLabel}</label>
    <input type="text" class="code" id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6"
      autocomplete="one-time-code" required title="${t.codeFormat}" ${error ? html`aria-invalid="true" aria-describedby="code-error"` : ''}>
    <div class="actions">
      <button type="submit" name="action" value="sign">${t.sign}</button>
      <button type="submit" name="action" value="cancel" class="secondary" formnovalidate>${t.cancel}</button>
    </div>
  </form>
</div>`;
}

function stateMessage(lang: Lang, path: string, s: Signing): PageResult | undefined {
  const t = texts(lang);
  if (signingExpired(s)) return message(lang, path, t.signExpired, 410, 'error');
  if (s.phase === 'signed') return message(lang, path, t.signed, 200, 'ok');
  if (s.phase === 'cancelled') return message(lang, path, t.cancelled, 200);
  return undefined;
}

export function signingPage(deps: PageDeps, req: PageRequest): PageResult {
  const token = req.params[0] ?? '';
  const path = `${SIGN_PREFIX}/${encodeURIComponent(token)}`;
  const s = deps.ctx.store.signings.get(token);
  if (!s) return message(req.lang, path, texts(req.lang).notFound, 404, 'error');
  const lang = pageLang(req, s);
  const done = stateMessage(lang, path, s);
  if (done) return done;
  openSigningPage(s);
  return {
    status: 200,
    html: layout(
      { lang, title: texts(lang).signTitle, path },
      signForm(lang, path, s, formAction(req, path)),
    ),
  };
}

export async function submitSigning(deps: PageDeps, req: PageRequest): Promise<PageResult> {
  const token = req.params[0] ?? '';
  const path = `${SIGN_PREFIX}/${encodeURIComponent(token)}`;
  const s = deps.ctx.store.signings.get(token);
  if (!s) return message(req.lang, path, texts(req.lang).notFound, 404, 'error');
  const lang = pageLang(req, s);
  const t = texts(lang);
  const done = stateMessage(lang, path, s);
  if (done) return { ...done, status: 409 } as PageResult;
  const action = req.form.get('action');
  if (action === 'cancel') {
    await deps.control.sign(token, 'cancel');
    return { status: 303, redirect: s.cancelUrl };
  }
  if (action !== 'sign') return message(lang, path, 'action?', 400, 'error');
  const code = (req.form.get('code') ?? '').trim();
  if (!/^\d{6}$/.test(code)) {
    return {
      status: 422,
      html: layout(
        { lang, title: t.signTitle, path },
        signForm(lang, path, s, formAction(req, path), t.codeFormat),
      ),
    };
  }
  try {
    await deps.control.sign(token, 'sign', code);
  } catch (err) {
    if (err instanceof WrongCodeError) {
      return {
        status: 422,
        html: layout(
          { lang, title: t.signTitle, path },
          signForm(lang, path, s, formAction(req, path), t.wrongCode),
        ),
      };
    }
    if (err instanceof SimError) return message(lang, path, t.signExpired, 409, 'error');
    throw err;
  }
  return { status: 303, redirect: s.successUrl };
}

/** One submitted document, inline (view) or as an attachment (download). */
export function signingDocument(deps: PageDeps, req: PageRequest): PageResult {
  const [token = '', index = ''] = req.params;
  const s = deps.ctx.store.signings.get(token);
  const doc = s?.documents[Number(index)];
  if (!s || !doc || !/^\d+$/.test(index)) return { status: 404, text: 'Not found' };
  return {
    status: 200,
    pdf: Buffer.from(doc.contentAsBase64, 'base64'),
    fileName: doc.fileName,
    download: req.url.searchParams.get('download') === '1',
  };
}

import { html, raw, type SafeHtml } from './html.ts';
import { type Lang, texts } from './i18n.ts';

const CSS = `
:root{--navy:#0b3a75;--navy-2:#123f7e;--ink:#1b2430;--muted:#5b6675;--line:#d9dee6;--bg:#f3f5f8;--ok:#137333;--warn:#8a5a00;--err:#b3261e;--focus:#f5b400}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
body{margin:0}
a{color:var(--navy)}
header.top{background:var(--navy);color:#fff;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
header.top .brand{font-weight:700;letter-spacing:.02em}
header.top .lang{margin-left:auto;color:#fff}
.badge{background:#ffd54a;color:#3a2c00;font-weight:800;font-size:.75rem;padding:.15rem .5rem;border-radius:999px;letter-spacing:.08em}
.note{background:#fff8d6;border-bottom:1px solid #f0e0a0;color:#5c4700;font-size:.875rem;padding:.4rem 1rem;margin:0}
main{max-width:44rem;margin:1.5rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1.25rem 1.25rem 1.5rem;box-shadow:0 1px 2px rgba(0,0,0,.04);margin-bottom:1rem}
h1{font-size:1.5rem;margin:.25rem 0 .75rem;color:var(--navy)}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted)}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{border-top:1px solid var(--line);padding:.75rem 0;display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
ul.plain li:first-child{border-top:0}
.grow{flex:1 1 12rem;min-width:0;overflow-wrap:anywhere}
.camera{border:2px dashed var(--line);border-radius:12px;aspect-ratio:16/7;display:grid;place-items:center;color:var(--muted);text-align:center;padding:1rem;margin:1rem 0;background:repeating-linear-gradient(45deg,#fafbfc,#fafbfc 10px,#f2f4f7 10px,#f2f4f7 20px)}
fieldset{border:1px solid var(--line);border-radius:10px;padding:.75rem 1rem 1rem;margin:1rem 0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=tel]{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #aeb7c4;border-radius:8px;background:#fff}
input.code{font-size:1.5rem;letter-spacing:.4em;max-width:12rem;text-align:center}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
button,.button{font:inherit;font-weight:600;border-radius:8px;padding:.6rem 1.1rem;border:1px solid var(--navy);background:var(--navy);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--navy)}
button.danger{background:#fff;color:var(--err);border-color:var(--err)}
button.small,.button.small{padding:.35rem .75rem;font-size:.9rem}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.alert{border-radius:8px;padding:.6rem .8rem;margin:.75rem 0}
.alert.error{background:#fde8e7;color:var(--err);border:1px solid #f3b8b4}
.alert.ok{background:#e6f4ea;color:var(--ok);border:1px solid #b7dfc2}
.alert.info{background:#e8f0fb;color:var(--navy);border:1px solid #bcd0ee}
.sim{background:#fff8d6;border:1px dashed #d9b600;color:#5c4700;border-radius:8px;padding:.5rem .75rem;font-weight:600}
.phone{max-width:24rem;margin:1.5rem auto;background:#111;border-radius:2.2rem;padding:1rem .8rem;box-shadow:0 10px 30px rgba(0,0,0,.25)}
.phone .screen{background:var(--bg);border-radius:1.5rem;min-height:32rem;overflow:hidden}
.phone main{margin:0;padding:1rem}
small.id{font-family:ui-monospace,monospace;color:var(--muted)}
footer{text-align:center;color:var(--muted);font-size:.8rem;padding:1rem}
@media (max-width:30rem){main{margin-top:1rem}.card{padding:1rem}.actions button{flex:1 1 100%}}
`;

export interface LayoutOptions {
  lang: Lang;
  title: string;
  /** Path of this page, for the language switch link. */
  path: string;
  /** Seconds; pages that list pending items refresh themselves. */
  refresh?: number;
  phone?: boolean;
}

export function layout(o: LayoutOptions, content: SafeHtml): string {
  const t = texts(o.lang);
  const other: Lang = o.lang === 'bg' ? 'en' : 'bg';
  const sep = o.path.includes('?') ? '&' : '?';
  const body = html`
<header class="top">
  <span class="brand">BORICA</span><span>${t.brand}</span>
  <span class="badge" aria-label="${t.simulator}">${t.simulator}</span>
  <a class="lang" href="${o.path}${sep}lang=${other}" hreflang="${other}" lang="${other}">${t.switchLang}</a>
</header>
<p class="note" role="note">${t.simulatorNote}</p>
<main id="main">${content}</main>
<footer>BORICA AD · B-Trust · ${t.simulator}</footer>`;
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${o.refresh ? `<meta http-equiv="refresh" content="${o.refresh}">` : ''}
<title>${html`${o.title}`} · BORICA (${texts(o.lang).simulator})</title>
<style>${CSS}</style>
</head>
<body>${o.phone ? raw(`<div class="phone"><div class="screen">${body}</div></div>`) : body}</body>
</html>`;
}

export function formatTime(ms: number, lang: Lang): string {
  return (
    new Date(ms).toLocaleString(lang === 'bg' ? 'bg-BG' : 'en-GB', { timeZone: 'UTC', hour12: false }) +
    ' UTC'
  );
}

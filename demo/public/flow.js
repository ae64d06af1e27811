// Vitosha Bank's page script: listens to the widget's events, and on a terminal one asks the bank's own
// backend for the authoritative status (the widget is only a UI hint) before showing the next step.
const EVENTS = [
  'borica-ready',
  'borica-start',
  'borica-status',
  'borica-complete',
  'borica-error',
  'borica-cancel',
  'borica-expire',
  'borica-retry',
];
const TERMINAL_EVENTS = new Set(['borica-complete', 'borica-error', 'borica-cancel', 'borica-expire']);
const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];
const log = document.getElementById('widget-events');

for (const name of EVENTS) {
  document.addEventListener(name, (event) => {
    if (log) {
      const li = document.createElement('li');
      const detail = event.detail ? JSON.stringify(event.detail) : '';
      li.textContent = `${new Date().toLocaleTimeString()} ${name} ${detail}`;
      li.dataset.event = name;
      log.append(li);
    }
    if (TERMINAL_EVENTS.has(name)) void showOutcome(event.target);
    if (name === 'borica-retry') void retry(event.target);
  });
}

/**
 * The widget's "Try again": the bank's backend starts a session like the one that ended and the page
 * hands it to the widget. Where it cannot (B-Trust MOBILE needs the form again), the page's own form.
 */
async function retry(widget) {
  const id = widget?.getAttribute?.('session');
  const res = id ? await send(`/api/sessions/${encodeURIComponent(id)}/retry`, 'POST') : undefined;
  if (res?.status === 201) {
    const next = await res.json();
    widget.setAttribute('token', next.clientToken);
    widget.setAttribute('session', next.id);
    document.getElementById('outcome-ended')?.setAttribute('data-status', '');
    document.querySelector('[data-testid="start-over"]')?.removeAttribute('hidden');
    return;
  }
  document.querySelector('form[data-retry]')?.requestSubmit();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A request to the bank's backend that survives a network blip or a restart: network errors and 5xx are
 * retried with a growing pause (0.5 s … 4 s) for about half a minute; any other answer is returned as it is.
 * (A POST here only creates: repeating it after a lost answer at worst leaves one unused session.)
 */
async function send(url, method = 'GET') {
  for (let attempt = 0, pause = 500; ; attempt++, pause = Math.min(pause * 2, 4000)) {
    try {
      const res = await fetch(url, { method, headers: { accept: 'application/json' } });
      if (res.status < 500 || attempt >= 10) return res;
    } catch (e) {
      if (attempt >= 10) throw e;
    }
    await sleep(pause);
  }
}

async function showOutcome(widget) {
  const id = widget?.getAttribute?.('session') || widget?.session;
  if (!id) return;
  let status;
  for (let attempt = 0; attempt < 10; attempt++) {
    const res = await send(`/api/sessions/${encodeURIComponent(id)}`);
    if (!res.ok) return; // not one of this visitor's sessions (e.g. the open-start page)
    ({ status } = await res.json());
    if (TERMINAL.includes(status)) break;
    await sleep(500); // the widget heard it first: the bank's backend confirms it a moment later
  }
  if (!TERMINAL.includes(status)) return;
  document.querySelector('[data-testid="start-over"]')?.setAttribute('hidden', '');
  const completed = document.getElementById('outcome-completed');
  const ended = document.getElementById('outcome-ended');
  if (status === 'completed' && completed) {
    completed.hidden = false;
    moveSteps();
  } else if (ended) {
    ended.dataset.status = status; // the widget says how it ended; the bank only records its reading
  }
}

/** The progress bar and the heading follow: the step after this page's becomes current. */
function moveSteps() {
  const title = document.getElementById('title');
  if (title?.dataset.done) {
    title.textContent = title.dataset.done;
    document.querySelector('.lead')?.setAttribute('hidden', '');
  }
  const list = document.querySelector('.steps[data-next]');
  const next = Number(list?.dataset.next);
  if (!list || !next) return;
  list.querySelectorAll('li').forEach((li, i) => {
    li.className = i < next ? 'done' : i === next ? 'current' : '';
    if (i === next) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
}

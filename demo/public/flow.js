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
];
const TERMINAL_EVENTS = new Set(['borica-complete', 'borica-error', 'borica-cancel', 'borica-expire']);
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
  });
}

async function showOutcome(widget) {
  const id = widget?.getAttribute?.('session') || widget?.session;
  if (!id) return;
  let status;
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(`/api/sessions/${encodeURIComponent(id)}`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return; // not one of this visitor's sessions (e.g. the open-start page)
    ({ status } = await res.json());
    if (['completed', 'failed', 'cancelled', 'expired'].includes(status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const completed = document.getElementById('outcome-completed');
  const ended = document.getElementById('outcome-ended');
  if (status === 'completed' && completed) {
    completed.hidden = false;
    moveSteps();
  }
  if (['failed', 'cancelled', 'expired'].includes(status) && ended) {
    ended.hidden = false;
    const label = ended.querySelector('[data-testid="outcome-status"]');
    if (label) label.textContent = status;
  }
}

/** The progress bar follows: the step after this page's becomes current. */
function moveSteps() {
  const list = document.querySelector('.steps[data-next]');
  const next = Number(list?.dataset.next);
  if (!list || !next) return;
  list.querySelectorAll('li').forEach((li, i) => {
    li.className = i < next ? 'done' : i === next ? 'current' : '';
    if (i === next) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
}

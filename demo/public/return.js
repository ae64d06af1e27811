// The page BORICA sends the customer back to. In the popup or the iframe the widget on the bank's page
// already follows the status live, so this page only says so (and closes the popup); in the main window
// it goes on to the page the flow started from.
const done = document.getElementById('handoff-done');
const next = done?.dataset.next;
const inPopup = !!window.opener && window.opener !== window;
const inFrame = window.top !== window;
if (inPopup) {
  done.hidden = false;
  setTimeout(() => window.close(), 1500);
} else if (inFrame || !next) {
  done.hidden = false;
} else {
  // keep anything the relay added to the return URL, for the widget
  const here = new URL(location.href);
  const target = new URL(next, location.origin);
  for (const [k, v] of here.searchParams)
    if (k !== 'to' && k !== 'display' && k !== 'lang') target.searchParams.set(k, v);
  location.replace(target.pathname + target.search);
}

// The back office refreshes itself while a session is still moving.
const status = document.querySelector('h1 [data-testid="status"]')?.textContent;
if (status && !['completed', 'failed', 'cancelled', 'expired'].includes(status)) {
  setTimeout(() => location.reload(), 3000);
}

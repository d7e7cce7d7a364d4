// The settings page's "Check the key" button: asks the server to ask Akismet's verify-key (the key
// typed in the field if any, else the stored one) and says the answer beside the button.
import { api, ApiError } from './api.js';

const ANSWERS: Record<string, string> = {
  valid: 'Akismet accepts this key.',
  invalid: 'Akismet does not know this key.',
  unreachable: 'Akismet could not be reached; try again later.',
};

export function initAkismetCheck(): void {
  const button = document.getElementById('check-akismet-key');
  const status = document.getElementById('check-akismet-key-status');
  const input = document.getElementById('akismetKey');
  if (!(button instanceof HTMLButtonElement) || !status || !(input instanceof HTMLInputElement)) return;
  const site = button.dataset.site ?? '';
  button.addEventListener('click', () => {
    const key = input.value.trim();
    button.disabled = true;
    status.textContent = 'Checking…';
    api<{ key: string }>('POST', `/api/admin/sites/${encodeURIComponent(site)}/akismet/verify`, key === '' ? {} : { key })
      .then((answer) => {
        status.textContent = ANSWERS[answer.key] ?? answer.key;
      })
      .catch((err: unknown) => {
        status.textContent = err instanceof ApiError ? err.message : 'The check failed.';
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

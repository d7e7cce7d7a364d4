// A queue row's Ban… form: sent to the bans API (session cookie + CSRF header), answered in the row.
import { api, ApiError } from './api.js';

async function sendBan(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const days = Number(data.get('days') || 0);
  const note = String(data.get('note') ?? '').trim();
  const result = form.querySelector<HTMLElement>('.ban-result');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    const { ban } = await api<{ ban: { id: number; kind: string } }>('POST', '/api/admin/bans', {
      site: form.dataset.site,
      kind: String(data.get('kind') ?? ''),
      commentId: Number(form.dataset.comment),
      ...(days > 0 ? { until: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
      ...(note ? { note } : {}),
    });
    if (result) result.textContent = `Banned (${ban.kind}, ban ${ban.id}). See the Bans page to change or lift it.`;
  } catch (err) {
    if (result) result.textContent = err instanceof ApiError ? err.message : 'The ban could not be made.';
  } finally {
    if (button) button.disabled = false;
  }
}

/** The row's Ban… button opens and closes its form. */
export function toggleBanForm(button: HTMLButtonElement): void {
  const form = document.getElementById(button.getAttribute('aria-controls') ?? '');
  if (!(form instanceof HTMLFormElement)) return;
  const open = form.hidden;
  form.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (open) form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.focus();
}

export function initBans(list: HTMLElement): void {
  list.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('ban-form')) return;
    event.preventDefault();
    void sendBan(form);
  });
}

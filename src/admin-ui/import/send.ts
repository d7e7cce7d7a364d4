// Sends one import batch to the API with the page's CSRF token. (Not client/api.ts: that module
// creates admin.js's Trusted Types policy, which may exist only once per page.)
import type { ImportReport } from '../../imports/report.js';

const csrfToken = () => document.querySelector<HTMLMetaElement>('meta[name="parley-csrf"]')?.content ?? '';

export async function sendBatch(site: string, batch: unknown): Promise<ImportReport> {
  let res: Response;
  try {
    res = await fetch(`/api/admin/sites/${encodeURIComponent(site)}/import`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(batch),
    });
  } catch {
    throw new Error('Parley could not be reached. Check the connection and try again.');
  }
  if (res.status === 401) {
    location.assign(`/admin/sign-in?expired=1&next=${encodeURIComponent(location.pathname)}`);
    throw new Error('Your session has expired.');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (data as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `The server refused the batch (${res.status}).`);
  }
  return data as ImportReport;
}

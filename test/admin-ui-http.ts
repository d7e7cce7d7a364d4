// Helpers for the moderator UI's in-process tests: the real app over a real SQLite file (helpers.ts),
// browsed as a signed-in moderator would: pages with the session cookie, forms posted with the CSRF token.
import assert from 'node:assert/strict';
import type { Service } from './helpers.js';

/** The service's own origin in these tests (the harness signs in on it). */
export const HOST = 'http://parley.test';

export interface Browse {
  headers: Record<string, string>;
  csrf: string;
  get(path: string): Promise<{ res: Response; html: string }>;
  /** Posts a form as the browser would (urlencoded, same Origin), with the CSRF token unless `csrf` is given. */
  postForm(path: string, fields: Record<string, string | string[]>, options?: { csrf?: string; origin?: string }): Promise<{ res: Response; html: string }>;
}

export function formBody(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body;
}

/** Signs a moderator in (through the session API) and browses with their cookie; `anonymous` browses with none. */
export async function browse(svc: Service, options: { anonymous?: boolean } = {}): Promise<Browse> {
  const signed = options.anonymous ? null : await svc.signIn(await svc.addModerator());
  const cookie: Record<string, string> = signed ? { Cookie: signed.Cookie } : {};
  const csrf = signed?.['X-CSRF-Token'] ?? '';
  return {
    headers: cookie,
    csrf,
    async get(path) {
      const res = await svc.request(`${HOST}${path}`, { headers: cookie });
      return { res, html: await res.text() };
    },
    async postForm(path, fields, postOptions = {}) {
      const res = await svc.request(`${HOST}${path}`, {
        method: 'POST',
        headers: { ...cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: postOptions.origin ?? HOST },
        body: formBody({ ...fields, csrf: postOptions.csrf ?? csrf }),
      });
      return { res, html: await res.text() };
    },
  };
}

/** Asserts a 303 to the sign-in page that will come back to `next`; returns the Location. */
export function assertSignInRedirect(res: Response, next: string, expired = false): string {
  assert.equal(res.status, 303);
  const location = res.headers.get('location') ?? '';
  const url = new URL(location, HOST);
  assert.equal(url.pathname, '/admin/sign-in');
  assert.equal(url.searchParams.get('next'), next);
  assert.equal(url.searchParams.get('expired'), expired ? '1' : null);
  return location;
}

/** The text of the page with tags removed and entities decoded, for "does the page say …" checks. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const decode = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** What a browser would submit from the page's settings form: every named field with its value, ticked boxes only. */
export function formFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/admin\/sites\/[^"]+" class="settings card"[\s\S]*?<\/form>/.exec(html)?.[0];
  assert.ok(form, 'the page has the settings form');
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    if (attr(tag, 'type') === 'checkbox') {
      if (/\schecked=""/.test(tag)) fields[name] = 'on';
    } else fields[name] = decode(attr(tag, 'value') ?? '');
  }
  for (const match of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[match[1] ?? ''] = decode(match[2] ?? '');
  return fields;
}

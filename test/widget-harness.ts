// Browser tests of widget.js and count.js: the real Parley server (test/server.ts) on one origin, a
// tiny node:http "news site" on another origin whose pages embed the widget under a strict CSP, and
// Debian's Chromium driven by playwright-core, watching every request, dialog, console error and CSP
// violation.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.js';
import { approve, patchSiteSettings, startServer, withDb, type RunningServer } from './server.js';

export { hasChromium };
export const NO_CHROMIUM = 'Chromium is not installed at /usr/bin/chromium (set CHROMIUM_PATH)';

export const HOSTILE_CSS = '* { all: unset; display: none }';

/** A site page served from the host origin: `head` and `body` are raw HTML. */
export interface HostPage {
  head?: string;
  body: string;
  /** Serve it without the strict CSP (so that only the widget itself stands between a payload and the page). */
  noCsp?: boolean;
  /** The page's `<html lang>`; `en` unless given. */
  lang?: string;
  /** More CSP directives for this page. */
  cspExtra?: string;
}

export interface WidgetPageExtra {
  head?: string;
  /** HTML before the script tag. */
  before?: string;
  noCsp?: boolean;
  lang?: string;
  cspExtra?: string;
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for. */
  requests: string[];
  /** Every Cookie and Set-Cookie header seen on any request or response. */
  cookieHeaders: string[];
  dialogs: string[];
  consoleErrors: string[];
  /** CSP violations reported in the page (securitypolicyviolation events). */
  violations(): Promise<string[]>;
}

export interface Harness {
  parley: RunningServer;
  parleyOrigin: string;
  hostOrigin: string;
  browser: Browser;
  /** Serves `page` at `path` on the host origin. */
  serve(path: string, page: HostPage): string;
  /** Serves a stylesheet at `path` on the host origin. */
  serveCss(path: string, css: string): void;
  /** A host page with the widget script tag where the thread goes. */
  widgetPage(path: string, attrs?: Record<string, string>, extra?: WidgetPageExtra): string;
  open(url: string, options?: { javaScriptEnabled?: boolean }): Promise<Watched>;
  /** Posts a comment through the API as the host page would; answers its id (approved sites only, unless approve). */
  post(fields: Record<string, unknown>): Promise<number>;
  sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[];
  run(query: string, ...params: unknown[]): void;
  stop(): Promise<void>;
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function startHarness(): Promise<Harness> {
  const parley = await startServer();
  const parleyOrigin = parley.baseUrl;
  const pages = new Map<string, HostPage>();
  const stylesheets = new Map<string, string>([['/hostile.css', HOSTILE_CSS]]);
  // The site's own server listens on a port the OS picks (no window in which another test file could take it).
  const host: Server = createServer((req, res) => serveHostPage(req, res));
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const bound = host.address();
  if (bound === null || typeof bound === 'string') throw new Error('the host page server has no port');
  const hostOrigin = `http://127.0.0.1:${bound.port}`;

  // The site's pages: scripts, API calls and images only from Parley; styles only from the site itself.
  const csp = [
    "default-src 'none'",
    `script-src ${parleyOrigin}`,
    `connect-src ${parleyOrigin}`,
    `img-src ${parleyOrigin}`,
    "style-src 'self'",
    `frame-src ${parleyOrigin}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const serveHostPage = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', hostOrigin).pathname;
    const css = stylesheets.get(path);
    if (css !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/css' }).end(css);
      return;
    }
    const page = pages.get(path);
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(page.noCsp ? {} : { 'Content-Security-Policy': [csp, page.cspExtra].filter(Boolean).join('; ') }) });
    res.end(`<!DOCTYPE html><html lang="${page.lang ?? 'en'}"><head><meta charset="utf-8"><title>Test article ${path}</title>${page.head ?? ''}</head><body>${page.body}</body></html>`);
  };

  const sql = <T>(query: string, ...params: unknown[]) => withDb(parley.dbFile, (db) => db.prepare(query).all(...params) as T[]);
  const run = (query: string, ...params: unknown[]) => {
    withDb(parley.dbFile, (db) => db.prepare(query).run(...params));
  };
  // demo: publishes at once (the time trap still holds fast posts); held: holds everything; slow: flood limit;
  // shallow: replies nest two levels deep at most.
  patchSiteSettings(parley.dbFile, 'demo', { origins: [parleyOrigin, hostOrigin], approval: 'none', floodSeconds: 0, maxLinks: 0 });
  for (const [slug, settings] of [
    ['held', { origins: [hostOrigin], approval: 'all', floodSeconds: 0 }],
    ['slow', { origins: [hostOrigin], approval: 'none', floodSeconds: 600 }],
    ['shallow', { origins: [hostOrigin], approval: 'none', floodSeconds: 0, maxDepth: 2 }],
  ] as const) {
    run('insert into sites (slug, settings, created_at) values (?, ?, ?)', slug, JSON.stringify(settings), Date.now());
  }

  const browser = await launchBrowser();

  const serve = (path: string, page: HostPage) => {
    pages.set(path, page);
    return `${hostOrigin}${path}`;
  };

  const serveCss = (path: string, css: string) => {
    stylesheets.set(path, css);
  };

  const widgetPage = (path: string, attrs: Record<string, string> = {}, extra: WidgetPageExtra = {}) => {
    const all = { 'data-site': 'demo', ...attrs };
    const attributes = Object.entries(all)
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    return serve(path, {
      head: extra.head,
      noCsp: extra.noCsp,
      lang: extra.lang,
      cspExtra: extra.cspExtra,
      body: `<main><h1>An article</h1><p>Text of the article.</p>${extra.before ?? ''}<script src="${parleyOrigin}/widget.js"${attributes} async></script></main>`,
    });
  };

  const open = async (url: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Watched> => {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
    const page = await context.newPage();
    const watched: Watched = {
      page,
      context,
      requests: [],
      cookieHeaders: [],
      dialogs: [],
      consoleErrors: [],
      violations: () => page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []),
    };
    await page.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = list;
      document.addEventListener('securitypolicyviolation', (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    // A request still in flight when its test closes the page can no longer show its headers; any
    // other failure to read them is recorded, so that it fails the test's clean-page check.
    const unreadable = (err: unknown) => {
      if (!/has been closed/.test(String(err))) watched.consoleErrors.push(`headers not readable: ${String(err)}`);
    };
    page.on('request', (request) => {
      watched.requests.push(request.url());
      void request
        .allHeaders()
        .then((headers) => {
          if (headers.cookie) watched.cookieHeaders.push(`cookie: ${headers.cookie}`);
        })
        .catch(unreadable);
    });
    page.on('response', (response) => {
      void response
        .allHeaders()
        .then((headers) => {
          if (headers['set-cookie']) watched.cookieHeaders.push(`set-cookie: ${headers['set-cookie']}`);
        })
        .catch(unreadable);
    });
    page.on('dialog', (dialog) => {
      watched.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // The browser's own favicon request is not the page's doing.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) watched.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => watched.consoleErrors.push(`pageerror: ${error.message}`));
    await page.goto(url);
    return watched;
  };

  const post = async (fields: Record<string, unknown>) => {
    const res = await fetch(`${parleyOrigin}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: hostOrigin },
      body: JSON.stringify({ site: 'demo', name: 'Amal', email: 'amal@example.org', body: 'A comment.', ...fields }),
    });
    const body = (await res.json()) as { comment?: { id: number; status: string } };
    if (res.status !== 201 || !body.comment) throw new Error(`post failed: ${res.status} ${JSON.stringify(body)}`);
    if (body.comment.status !== 'approved') approve(parley.dbFile, body.comment.id);
    return body.comment.id;
  };

  const stop = async () => {
    await browser.close();
    await new Promise<void>((resolve) => host.close(() => resolve()));
    await parley.stop();
  };

  return { parley, parleyOrigin, hostOrigin, browser, serve, serveCss, widgetPage, open, post, sql, run, stop };
}

/** The widget's shadow host on the page (CSS locators pierce its open shadow root). */
export const W = '[data-parley]';

/** Waits until the widget has loaded its thread (the heading is no longer "Loading"). */
export async function widgetReady(page: Page): Promise<void> {
  await page.locator(`${W} #comments-title`).waitFor();
  await page.waitForFunction(() => {
    const heading = document.querySelector('[data-parley]')?.shadowRoot?.querySelector('#comments-title');
    return !!heading && heading.textContent !== '' && !/Loading/.test(heading.textContent ?? '');
  });
}

/** Waits until a post now would pass the 2 s time trap (the form says when it was rendered). */
export async function afterTimeTrap(page: Page): Promise<void> {
  const renderedAt = Number(await page.locator(`${W} input[name=renderedAt]`).getAttribute('value'));
  const wait = renderedAt + 2200 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

/** The id of the element focused inside the widget, and the id of its closest comment. */
export async function focusInWidget(page: Page): Promise<{ id: string; comment: string | null; tag: string }> {
  return page.evaluate(() => {
    const active = document.querySelector('[data-parley]')?.shadowRoot?.activeElement ?? null;
    return { id: active?.id ?? '', comment: active?.closest('li[data-id]')?.id ?? null, tag: active?.tagName.toLowerCase() ?? '' };
  });
}

/** Origins other than the host page's and Parley's that the page asked for. */
export function foreignRequests(watched: Watched, harness: Harness): string[] {
  return watched.requests.filter((url) => {
    const origin = new URL(url).origin;
    return origin !== harness.hostOrigin && origin !== harness.parleyOrigin;
  });
}

/**
 * What must hold on every widget page: requests only to the page's own origin and Parley, no cookie
 * sent or set, no dialog, no console error and no CSP violation.
 */
export async function assertClean(watched: Watched, harness: Harness, expectedStatuses: number[] = []): Promise<void> {
  // Chromium logs every error answer as a console error; the ones the test provoked are expected.
  const expected = new RegExp(`^Failed to load resource: the server responded with a status of (${expectedStatuses.join('|') || 'none'}) `);
  const consoleErrors = watched.consoleErrors.filter((message) => !expected.test(message));
  assert.deepEqual(foreignRequests(watched, harness), [], 'requests to other hosts');
  assert.deepEqual(watched.cookieHeaders, [], 'cookie headers');
  assert.deepEqual(await watched.context.cookies(), [], 'cookies in the browser');
  assert.deepEqual(watched.dialogs, [], 'dialogs');
  assert.deepEqual(consoleErrors, [], 'console errors');
  assert.deepEqual(await watched.violations(), [], 'CSP violations');
}

/** A comments row, as the tests read it from the database. */
export interface CommentRow {
  id: number;
  status: string;
  reasons: string;
  name: string;
  email: string;
  url: string | null;
  body_source: string;
  parent_id: number | null;
  edited_at: number | null;
}

/** Fills the widget's form; fields left out are not touched. */
export async function fill(page: Page, fields: { comment?: string; name?: string; email?: string; url?: string; remember?: boolean }) {
  if (fields.comment !== undefined) await page.locator(`${W} #comment`).fill(fields.comment);
  if (fields.name !== undefined) await page.locator(`${W} #author`).fill(fields.name);
  if (fields.email !== undefined) await page.locator(`${W} #email`).fill(fields.email);
  if (fields.url !== undefined) await page.locator(`${W} #url`).fill(fields.url);
  if (fields.remember !== undefined) await page.locator(`${W} #remember`).setChecked(fields.remember);
}

/** The comments of one article, oldest first. */
export function commentsOf(harness: Harness, article: string): CommentRow[] {
  return harness.sql<CommentRow>('select c.* from comments c join articles a on a.id = c.article_id where a.key = ? order by c.id', article);
}

export { approve };

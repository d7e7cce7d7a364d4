// Shared set-up of the moderator UI's browser tests: the real server (with a moderator from
// PARLEY_ADMIN_*), headless Chromium, comments posted through the public API, and pages that
// record every dialog, script error, console error and Content-Security-Policy violation.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { patchSiteSettings, startServer, withDb, type RunningServer } from './server.js';

export const MODERATOR = { email: 'editor@example.org', password: 'a long moderator password', name: 'Edith Editor' };

export interface Problems {
  dialogs: string[];
  errors: string[];
  violations: string[];
}

export interface Posted {
  id: number;
  status: string;
}

export interface AdminUiFixture {
  server: RunningServer;
  base: string;
  browser: Browser;
  /** Posts a comment to the demo article through the public API (a new author each time unless `email` is given). */
  post(fields?: Record<string, unknown>): Promise<Posted>;
  /** A fresh browser context (no cookies) and page that records problems; `width` defaults to a desktop. */
  open(options?: { width?: number; height?: number; javaScript?: boolean }): Promise<{ page: Page; context: BrowserContext; problems: Problems }>;
  signIn(page: Page, next?: string): Promise<void>;
  status(id: number): string | undefined;
  close(): Promise<void>;
}

let authors = 0;

/** `env`: more settings for the server (e.g. a local Akismet's address). */
export async function startAdminUi(env: Record<string, string> = {}): Promise<AdminUiFixture> {
  const server = await startServer({
    env: { PARLEY_ADMIN_EMAIL: MODERATOR.email, PARLEY_ADMIN_PASSWORD: MODERATOR.password, PARLEY_ADMIN_NAME: MODERATOR.name, PARLEY_LOG: 'false', ...env },
  });
  // Many comments from one test machine, one after another: no flood limit.
  patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0 });
  const browser = await launchBrowser();
  const base = server.baseUrl;
  const contexts: BrowserContext[] = [];

  const post = async (fields: Record<string, unknown> = {}) => {
    authors += 1;
    const res = await fetch(`${base}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({
        site: 'demo',
        article: '/',
        articleUrl: `${base}/`,
        articleTitle: 'Town council approves riverside bike lanes',
        name: `Reader ${authors}`,
        email: `reader-${authors}-${Date.now()}@example.org`,
        body: `Comment number ${authors}.`,
        ...fields,
      }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const body = JSON.parse(text) as { comment: { id: number; status: string } };
    return { id: body.comment.id, status: body.comment.status };
  };

  const open = async (options: { width?: number; height?: number; javaScript?: boolean } = {}) => {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems: Problems = { dialogs: [], errors: [], violations: [] };
    page.on('dialog', (dialog) => {
      problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (err) => problems.errors.push(err.message));
    page.on('console', (message) => {
      // A 4xx page (a wrong password, a form with errors) is logged as a failed load; responses are checked below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) problems.errors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 500) problems.errors.push(`${response.status()} from ${new URL(response.url()).pathname}`);
    });
    await page.exposeBinding('__reportViolation', (_source, text: string) => {
      problems.violations.push(text);
    });
    // tsx compiles the tests with esbuild's keepNames, whose __name() helper then appears inside
    // functions passed to page.evaluate; give the page a no-op one.
    await page.addInitScript('window.__name = (fn) => fn;');
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation;
        void report(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    return { page, context, problems };
  };

  const signIn = async (page: Page, next = '/admin/comments') => {
    await page.goto(`${base}/admin/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Email address').fill(MODERATOR.email);
    await page.getByLabel('Password').fill(MODERATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === next.split('?')[0]);
  };

  const status = (id: number) =>
    withDb(server.dbFile, (db) => (db.prepare('select status from comments where id = ?').get(id) as { status: string } | undefined)?.status);

  const close = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await server.stop();
  };

  return { server, base, browser, post, open, signIn, status, close };
}

// GET /api/docs in real Chromium, served by the real server (`npm start`'s bundle): the page loads
// under its strict CSP with no violation, no script and no request to another host, lists every
// operation of the document, and its schemas unfold without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.js';
import { document as openapi } from './openapi-check.js';
import { startServer, type RunningServer } from './server.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

describe('the API reference page in Chromium', { skip: hasChromium() ? false : 'no /usr/bin/chromium' }, () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('loads with no CSP violation, no script, no error and no request to another host, and lists every operation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => {
      // Chromium's own /favicon.ico request is logged as a failed load; the page's responses are checked below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) errors.push(message.text());
    });
    await page.exposeBinding('__reportViolation', (_source, text: string) => {
      violations.push(text);
    });
    await page.addInitScript('window.__name = (fn) => fn;');
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        void (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });

    const res = await page.goto(`${server.baseUrl}/api/docs`);
    assert.equal(res?.status(), 200);
    assert.match((await res?.allHeaders())?.['content-security-policy'] ?? '', /default-src 'none'; style-src 'self'/);
    await page.waitForLoadState('networkidle');

    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((url) => !url.startsWith(server.baseUrl)), [], 'no request leaves the server');
    assert.deepEqual(requests.map((url) => new URL(url).pathname).sort(), ['/api/docs', '/api/docs.css']);
    assert.equal(await page.locator('script').count(), 0);
    // The stylesheet applied (two columns: contents and reference).
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).display), 'grid');

    const operations = Object.entries(obj(openapi.paths)).flatMap(([path, item]) => Object.keys(obj(item)).map((m) => `${m.toUpperCase()} ${path}`));
    const listed = await page.locator('nav li a').allInnerTexts();
    assert.deepEqual(listed.map((t) => t.replace(/\s+/g, ' ').trim()).sort(), operations.sort());
    assert.ok(operations.length > 40);

    // A response's JSON Schema unfolds with a click (a <details>, no script).
    const post = page.locator('#op-post--api-comments');
    await post.getByText('JSON Schema').first().click();
    assert.match(await post.locator('details[open] pre').first().innerText(), /"\$ref": "#\/components\/schemas\/Error"|"site"/);
    // Schema names link to their component.
    await page.locator('#op-get--api-comments a[href="#schema-Thread"]').first().click();
    assert.equal(new URL(page.url()).hash, '#schema-Thread');
    await context.close();
  });
});

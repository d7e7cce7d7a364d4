// Fifty hostile comments (script, event handlers, javascript: links, markup that breaks out of
// attributes, titles and textareas) in every field a commenter controls, moderated in real Chromium:
// everything shows as text, no script runs, no dialog opens, and the CSP reports no violation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.js';
import { waitFor } from './server.js';
import { startAdminUi, type AdminUiFixture, type Problems } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';

const PAYLOADS = [
  '<script>window.__pwned=1;alert(1)</script>',
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click me</a>',
  '[click me](javascript:alert(1))',
  '<body onload=alert(1)>',
  '<style>*{display:none}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  'javascript:alert(1)',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  "{{constructor.constructor('alert(1)')()}}",
  '${alert(1)}',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<object data="javascript:alert(1)">',
  '<form action=https://evil.example><button>Go</button></form>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '![x](https://evil.example/x.png)',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
];
const payload = (i: number) => PAYLOADS[i % PAYLOADS.length] ?? '';

let ui: AdminUiFixture;
const posted: Array<{ id: number; name: string }> = [];
const ARTICLE = '/hostile';

/** What is on the page that should never be there: scripts, handlers, frames, foreign images and links. */
function inspect(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
        const isUrl = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'xlink:href'].includes(attribute.name.toLowerCase());
        if (isUrl && /^\s*javascript:/i.test(attribute.value)) found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
    for (const script of document.querySelectorAll('script')) if (!/^\/admin\.js\?v=/.test(script.getAttribute('src') ?? '')) found.push('script');
    for (const tag of ['iframe', 'object', 'embed', 'svg', 'math', 'video', 'base', 'style', 'input[autofocus]', 'details', 'noscript']) {
      if (document.querySelector(`#comment-list ${tag}`)) found.push(tag);
    }
    for (const img of document.querySelectorAll('img')) if (!/^\/avatars\/[0-9a-f]{32}\.svg$/.test(img.getAttribute('src') ?? '')) found.push(`img ${img.getAttribute('src')}`);
    for (const form of document.querySelectorAll('form')) if (/evil/.test(form.getAttribute('action') ?? '')) found.push('form to evil');
    const pwned = (window as unknown as { __pwned?: number }).__pwned;
    if (pwned !== undefined) found.push('window.__pwned is set');
    return found;
  });
}

const noProblems = (problems: Problems, where: string) => assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] }, where);

describe('fifty hostile comments in Chromium', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
    for (let i = 0; i < 50; i++) {
      const name = payload(i).slice(0, 100);
      const { id } = await ui.post({
        article: ARTICLE,
        articleUrl: `${ui.base}${ARTICLE}?${encodeURIComponent(payload(i + 3))}`,
        articleTitle: payload(i + 5),
        name,
        url: i % 3 === 0 ? `https://site.example/${encodeURIComponent(payload(i + 1))}` : undefined,
        body: `${payload(i + 7)}\n\n${payload(i + 11)} #${i}`,
      });
      posted.push({ id, name });
    }
  });
  after(async () => {
    await ui?.close();
  });

  test('the queue shows every field as text, across every page, with no script, dialog or CSP violation', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, `/admin/comments?article=${encodeURIComponent(ARTICLE)}`);
    const seen = new Map<number, string>();
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 5, 'the queue pages end');
      const rows = await page.locator('li.comment-row').evaluateAll((lis) =>
        lis.map((li) => [Number((li as HTMLElement).dataset.id), li.querySelector('.author-name')?.textContent?.trim() ?? ''] as const),
      );
      for (const [id, name] of rows) seen.set(id, name);
      assert.deepEqual(await inspect(page), [], `page ${pages + 1}`);
      const older = page.getByRole('link', { name: 'Older comments »' });
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForLoadState();
    }
    assert.equal(seen.size, 50);
    for (const { id, name } of posted) assert.equal(seen.get(id), name, `comment ${id}'s name is shown exactly as written`);
    noProblems(problems, 'queue');
  });

  test('acting on them (edit, reply, approve, the single view, the audit log) stays safe', async () => {
    const { page, problems } = await ui.open();
    const [first, second] = posted.slice(-2);
    assert.ok(first && second);
    await ui.signIn(page, `/admin/comments/${first.id}`);
    await page.locator(`#comment-${first.id}`).getByRole('button', { name: /^Quick Edit/ }).click();
    const text = page.getByRole('textbox', { name: 'Comment', exact: true });
    await text.waitFor();
    assert.match(await text.inputValue(), /#48$/, 'the source is in the box as text');
    await text.fill(`${payload(0)} and ${payload(1)}`);
    await page.getByRole('button', { name: 'Update Comment' }).click();
    await page.getByText('Comment updated.', { exact: true }).waitFor();
    assert.equal(await page.locator(`#comment-${first.id} .comment-text`).textContent(), `${payload(0)} and ${payload(1)}`);

    await page.locator(`#comment-${first.id}`).getByRole('button', { name: /^Reply to/ }).click();
    await page.getByRole('textbox', { name: /^Reply to/ }).fill(payload(2));
    await page.getByRole('button', { name: 'Approve and Reply' }).click();
    await page.getByText('Reply posted and comment approved.', { exact: true }).waitFor();
    assert.ok(await waitFor(() => ui.status(first.id) === 'approved', 5000));
    assert.deepEqual(await inspect(page), [], 'single view after edit and reply');

    await page.goto(`${ui.base}/admin/comments?status=approved&article=${encodeURIComponent(ARTICLE)}`);
    assert.deepEqual(await inspect(page), [], 'approved tab, with a moderator reply');
    await page.goto(`${ui.base}/admin/comments/${second.id}`);
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.getByText('Comment approved.', { exact: true }).waitFor();
    assert.deepEqual(await inspect(page), [], 'single view after approve');
    for (const path of ['/admin', '/admin/audit', '/admin/sites/demo']) {
      await page.goto(`${ui.base}${path}`);
      assert.deepEqual(await inspect(page), [], path);
    }
    noProblems(problems, 'actions');
  });
});

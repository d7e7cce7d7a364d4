// Accessibility of every moderator page in real Chromium: landmarks, one h1, a name for every
// control, alt on images, unique ids, AA contrast of every piece of text (computed from the page's
// real colours), a visible focus ring, and a layout that works at 320 px wide.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.js';
import { waitFor, withDb } from './server.js';
import { startAdminUi, type AdminUiFixture } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';
let ui: AdminUiFixture;
let replyTo = 0;
const PAGES = [
  '/admin',
  '/admin/comments',
  '/admin/comments?status=approved',
  '/admin/sites',
  '/admin/sites/demo',
  '/admin/import',
  '/admin/audit',
  '/admin/notifications',
  '/admin/bans?site=demo',
  // The Privacy page with a look-up's table and its export and erase tools.
  '/admin/privacy?site=demo&email=cy%40example.org',
];

/** Landmarks, headings, names and ids: what a screen reader user needs to find their way. */
function structure(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push('no lang');
    if (document.querySelectorAll('main').length !== 1) problems.push('not one main');
    if (document.querySelectorAll('h1').length !== 1) problems.push('not one h1');
    const signedIn = document.body.dataset.page !== 'sign-in';
    if (signedIn && !document.querySelector('header nav[aria-label]')) problems.push('no labelled navigation in a header');
    const name = (el: Element) => {
      const labelledBy = el.getAttribute('aria-labelledby');
      const fromIds = labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : '';
      const labels = 'labels' in el ? Array.from((el as HTMLInputElement).labels ?? [], (l) => l.textContent ?? '').join(' ') : '';
      return (el.getAttribute('aria-label') ?? '') + fromIds + labels + (el.matches('button, a') ? el.textContent ?? '' : '');
    };
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')) {
      if (!name(el).trim()) problems.push(`no name: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt');
    const ids = Array.from(document.querySelectorAll('[id]'), (el) => el.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`duplicate id ${id}`);
    return problems;
  });
}

/** Every visible piece of text whose contrast with what is behind it is under WCAG AA. */
function lowContrast(page: Page) {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const n = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n.length > 3 ? (n[3] ?? 1) : 1];
    };
    const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => (top[i] ?? 0) * top[3] + (under[i] ?? 0) * (1 - top[3])).concat(1) as Rgba;
    const background = (el: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      return layers.reverse().reduce<Rgba>((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    const luminance = (c: Rgba) =>
      [0, 1, 2].map((i) => {
        const v = (c[i] ?? 0) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      }).reduce((sum, v, i) => sum + v * ([0.2126, 0.7152, 0.0722][i] ?? 0), 0);
    const failures: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim());
      if (!hasText || el.closest('.visually-hidden, option, [hidden]') || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || (el as HTMLButtonElement).disabled) continue;
      const bg = background(el);
      const fg = over(parse(style.color), bg);
      const [a, b] = [luminance(fg), luminance(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    return failures;
  });
}

describe('accessibility of the moderator UI in Chromium', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
    const parent = await ui.post({ name: 'Ada', body: 'The first word.' });
    withDb(ui.server.dbFile, (db) => db.prepare("update comments set status = 'approved' where id = ?").run(parent.id));
    replyTo = parent.id;
    await ui.post({ name: 'Ben', parentId: parent.id, url: 'https://ben.example', body: 'A reply with https://a.example and https://b.example links.' });
    await ui.post({ name: 'Cy', email: 'cy@example.org', body: 'Another **pending** comment.' });
  });
  after(async () => {
    await ui?.close();
  });

  test('every page has landmarks, one h1, a name for every control, and AA contrast', async () => {
    const { page, problems } = await ui.open();
    await page.goto(`${ui.base}/admin/sign-in`);
    assert.deepEqual(await structure(page), [], 'sign-in');
    assert.deepEqual(await lowContrast(page), [], 'sign-in');
    await ui.signIn(page, '/admin');
    for (const path of [...PAGES, `/admin/comments/${replyTo}`]) {
      await page.goto(`${ui.base}${path}`);
      assert.deepEqual(await structure(page), [], path);
      assert.deepEqual(await lowContrast(page), [], path);
    }
    await page.goto(`${ui.base}/admin/comments`);
    await page.keyboard.press('j');
    assert.deepEqual(await lowContrast(page), [], 'the current row');
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Update Comment' }).waitFor();
    assert.deepEqual(await structure(page), [], 'quick edit form');
    assert.deepEqual(await lowContrast(page), [], 'quick edit form');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    assert.deepEqual(await lowContrast(page), [], 'shortcuts dialog');
    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
  });

  test('the focus is always visible, and the skip link leads to the content', async () => {
    const { page } = await ui.open();
    await ui.signIn(page, '/admin/comments');
    await page.keyboard.press('Tab');
    const skipLink = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent, top: box.top, outline: getComputedStyle(el).outlineStyle };
    });
    assert.deepEqual(skipLink, { text: 'Skip to main content', top: skipLink.top, outline: 'solid' });
    assert.ok(skipLink.top >= 0, 'the skip link shows when focused');
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return { tag: document.activeElement?.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.equal(focus.style, 'solid', `${focus.tag} has a visible focus outline`);
      assert.ok(focus.width >= 2, `${focus.tag}: outline ${focus.width}px`);
    }
  });

  test('at 320 px wide nothing scrolls sideways and a comment can still be approved', async () => {
    const { page, problems } = await ui.open({ width: 320, height: 640 });
    await page.goto(`${ui.base}/admin/sign-in`);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await fits(), 'sign-in fits');
    await ui.signIn(page, '/admin/comments');
    for (const path of [...PAGES, `/admin/comments/${replyTo}`]) {
      await page.goto(`${ui.base}${path}`);
      assert.ok(await fits(), `${path} fits in 320 px`);
    }
    await page.goto(`${ui.base}/admin/comments`);
    const approve = page.getByRole('button', { name: 'Approve comment by Cy' });
    const box = await approve.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 320, 'the action is on screen');
    assert.ok(box.height >= 24, 'the action is big enough to tap');
    await approve.click();
    const cy = await page.evaluate(() => Number(document.querySelector('li.undo-row')?.getAttribute('data-for')));
    assert.ok(await waitFor(() => ui.status(cy) === 'approved', 5000));
    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
  });
});

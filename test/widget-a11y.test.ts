// Accessibility of widget.js in real Chromium: keyboard-only posting and replying, labelled controls,
// and WCAG AA contrast in the light, dark and auto themes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { afterTimeTrap, assertClean, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

/** Presses Tab until the focused element inside the widget matches, or gives up after `limit` presses. */
async function tabTo(page: Page, matches: (focus: { id: string; comment: string | null; tag: string }) => boolean, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusInWidget(page);
    if (matches(focus)) return focus;
  }
  throw new Error('Tab never reached the element');
}

/** Text/background pairs as [selector, foreground, background, minimum ratio]. */
const PAIRS: [string, 'color' | 'border', number][] = [
  ['#comments-title', 'color', 4.5],
  ['span.au', 'color', 4.5],
  ['a.au', 'color', 4.5],
  ['time', 'color', 4.5],
  ['.x p', 'color', 4.5],
  ['button.rp', 'color', 4.5],
  ['.bd', 'color', 4.5],
  ['.nt', 'color', 4.5],
  ['.rq', 'color', 4.5],
  ['label[for=comment]', 'color', 4.5],
  ['label[for=remember]', 'color', 4.5],
  ['#comment', 'color', 4.5],
  ['#submit', 'color', 4.5],
  ['.er', 'color', 4.5],
  ['#sort', 'color', 4.5],
  ['#author', 'border', 3],
];

function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(fg: string, bg: string): number {
  const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** Each pair's computed foreground and the nearest opaque background, read in the page. */
async function contrasts(page: Page, pairs: typeof PAIRS) {
  // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
  const colours = await page.evaluate((list) => {
    const root = document.querySelector('[data-parley]')?.shadowRoot;
    return list.map(([selector, kind]) => {
      const el = root?.querySelector(selector);
      if (!el) return { selector, fg: 'missing', bg: 'missing' };
      const fg = kind === 'color' ? getComputedStyle(el).color : getComputedStyle(el).borderTopColor;
      let from: Element | null = kind === 'color' ? el : el.parentElement;
      let bg = 'rgba(0, 0, 0, 0)';
      while (from) {
        bg = getComputedStyle(from).backgroundColor;
        if (!/^rgba\(.*, 0\)$/.test(bg)) break;
        from = from.parentElement;
      }
      return { selector, fg, bg };
    });
  }, pairs);
  return colours.map((c) => ({ ...c, ratio: c.fg === 'missing' ? 0 : ratio(c.fg, c.bg) }));
}

describe('widget.js accessibility', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('every control has a real label, and the honeypot is out of the way of people', async () => {
    const w = await h.open(h.widgetPage('/a/labels'));
    const { page } = w;
    await widgetReady(page);
    for (const name of ['Comment', 'Name', 'Email', 'Website']) assert.equal(await page.getByRole('textbox', { name, exact: true }).count(), 1, name);
    assert.equal(await page.getByRole('checkbox', { name: 'Save my name, email, and website in this browser for the next time I comment.' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Post Comment' }).count(), 1);
    assert.equal(await page.getByRole('textbox', { name: 'Leave this field empty' }).count(), 0, 'the honeypot is hidden from assistive technology');
    assert.equal(await page.locator(`${W} #homepage`).getAttribute('tabindex'), '-1');
    assert.equal(await page.locator(`${W} #email`).getAttribute('aria-describedby'), 'email-notes');
    assert.equal(await page.getByRole('heading', { name: 'Leave a Reply', level: 3 }).count(), 1);
    await assertClean(w, h);
    await w.context.close();
  });

  test('a reader posts a comment and a reply with the keyboard only', async () => {
    const url = h.widgetPage('/a/keyboard', { 'data-title': 'Keys' });
    const parent = await h.post({ article: '/a/keyboard', articleUrl: url, name: 'Amal', body: 'Reply to me.' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);

    await tabTo(page, (f) => f.id === 'comment');
    await page.keyboard.type('Typed with keys only.');
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'author');
    await page.keyboard.type('Kim');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kim@example.org');
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'url');
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'remember', 'the honeypot is skipped');
    await page.keyboard.press('Space');
    // The two "Notify me" checkboxes, off by default, come before the button.
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'subscribe-replies');
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'subscribe-article');
    await page.keyboard.press('Tab');
    assert.equal((await focusInWidget(page)).id, 'submit');
    await afterTimeTrap(page);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.tagName === 'ARTICLE');
    const first = h.sql<{ id: number; name: string; status: string }>("select id, name, status from comments where body_source = 'Typed with keys only.'")[0];
    assert.deepEqual({ name: first?.name, status: first?.status }, { name: 'Kim', status: 'approved' });
    assert.equal((await focusInWidget(page)).comment, `comment-${first?.id}`, 'focus is on the new comment');
    assert.equal(await page.locator(`${W} #remember`).isChecked(), true);

    // Back to the start of the page, then Tab to Amal's Reply button and answer her.
    await page.locator('h1').focus();
    await tabTo(page, (f) => f.comment === `comment-${parent}` && f.tag === 'button');
    await page.keyboard.press('Enter');
    assert.equal((await focusInWidget(page)).id, 'comment', 'Reply puts focus in the comment field');
    await page.keyboard.type('A keyboard reply.');
    await tabTo(page, (f) => f.id === 'submit', 8);
    await page.waitForTimeout(100);
    await page.keyboard.press('Enter');
    await page.locator(`${W} #comment-${parent} > ol.ch > li`).waitFor();
    const reply = h.sql<{ id: number; parent_id: number }>("select id, parent_id from comments where body_source = 'A keyboard reply.'")[0];
    assert.equal(reply?.parent_id, parent);
    assert.equal((await focusInWidget(page)).comment, `comment-${reply?.id}`);
    await assertClean(w, h);
    await w.context.close();
  });

  for (const [theme, scheme, background] of [
    ['light', 'light', 'rgb(255, 255, 255)'],
    ['dark', 'light', 'rgb(17, 24, 39)'],
    ['auto', 'dark', 'rgb(17, 24, 39)'],
    ['auto', 'light', 'rgb(255, 255, 255)'],
  ] as const) {
    test(`data-theme="${theme}" with prefers-color-scheme: ${scheme} meets WCAG AA contrast`, async () => {
      const url = h.widgetPage(`/a/theme-${theme}-${scheme}`, { 'data-theme': theme, 'data-article': '/a/contrast' });
      if (h.sql('select 1 from articles where key = ?', '/a/contrast').length === 0) {
        const id = await h.post({ article: '/a/contrast', articleUrl: url, name: 'Amal', url: 'https://amal.example/', body: 'A comment.' });
        const reply = await h.post({ article: '/a/contrast', articleUrl: url, parentId: id, name: 'Mo', email: 'mo@example.org', body: 'Reply.' });
        h.run('update comments set moderator = 1 where id = ?', reply);
        await h.post({ article: '/a/contrast', articleUrl: url, name: 'Noor', email: 'noor@example.org', body: 'Another.' });
      }
      const w = await h.open(url);
      const { page } = w;
      await page.emulateMedia({ colorScheme: scheme });
      await widgetReady(page);
      await page.locator(`${W} #submit`).click();
      await page.locator(`${W} .er`).waitFor();
      assert.equal(await page.locator(`${W} .p`).evaluate((el) => getComputedStyle(el).backgroundColor), background);
      for (const { selector, ratio, fg, bg } of await contrasts(page, PAIRS)) {
        const minimum = PAIRS.find(([s]) => s === selector)?.[2] ?? 4.5;
        assert.ok(ratio >= minimum, `${selector}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, under ${minimum}:1`);
      }
      await assertClean(w, h, [422]);
      await w.context.close();
    });
  }
});

// widget.js in other languages: Arabic laid out right to left (and posting in it), German, the page's
// own lang as the default, and English for a language the widget does not have.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterTimeTrap, assertClean, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('widget.js languages', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('Arabic: right-to-left layout, Arabic words and numbers, and posting works', async () => {
    const url = h.widgetPage('/i/ar', { 'data-lang': 'ar', 'data-title': 'ممرات الدراجات' });
    for (const [i, name] of ['أمل', 'بشير', 'Chen'].entries()) {
      await h.post({ article: '/i/ar', articleUrl: url, name, email: `reader${i}@example.org`, body: `تعليق ${name}` });
    }
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    const root = page.locator(`${W} .p`);
    assert.equal(await root.getAttribute('dir'), 'rtl');
    assert.equal(await root.getAttribute('lang'), 'ar');
    assert.equal(await page.locator(`${W} #comment`).evaluate((el) => getComputedStyle(el).direction), 'rtl');
    // Digits as the browser's Intl formats Arabic numbers (Latin or Arabic-Indic, by its CLDR version).
    assert.match((await page.locator(`${W} #comments-title`).textContent()) ?? '', /^[3٣] ردود على “\u2068ممرات الدراجات\u2069”$/);
    assert.equal(await page.locator(`${W} #reply-title`).innerText(), 'اترك تعليقاً');
    assert.equal(await page.locator(`${W} label[for=author]`).innerText(), 'الاسم *');
    assert.equal(await page.locator(`${W} #submit`).textContent(), 'إرسال التعليق');
    assert.equal(await page.locator(`${W} button.rp`).first().textContent(), 'رد');
    assert.equal(await page.locator(`${W} #sort option`).first().textContent(), 'الأقدم أولاً');
    // Right to left: the avatar is at the right of the name, the heading starts at the right edge.
    const avatar = await page.locator(`${W} li[data-id] .av`).first().boundingBox();
    const name = await page.locator(`${W} li[data-id] .au`).first().boundingBox();
    assert.ok(avatar && name && avatar.x > name.x, 'the avatar comes first, on the right');
    const heading = await page.locator(`${W} #comments-title`).boundingBox();
    const box = await root.boundingBox();
    assert.ok(heading && box && Math.abs(heading.x + heading.width - (box.x + box.width)) < 2, 'the heading is aligned right');
    assert.ok(w.requests.includes(`${h.parleyOrigin}/widget/strings/ar.json`));

    await page.locator(`${W} #comment`).fill('رأيي أن الخطة جيدة.');
    await page.locator(`${W} #author`).fill('دانة');
    await page.locator(`${W} #email`).fill('not-an-email');
    await page.locator(`${W} #submit`).click();
    await page.locator(`${W} #email-error`).waitFor();
    assert.equal(await page.locator(`${W} #email-error`).textContent(), 'أدخل عنوان بريد إلكتروني صالحًا.');
    await page.locator(`${W} #email`).fill('dana@example.org');
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.querySelectorAll('ol.comment-list > li').length === 4);
    const posted = h.sql<{ id: number; name: string; status: string }>("select id, name, status from comments where body_source = 'رأيي أن الخطة جيدة.'")[0];
    assert.deepEqual({ name: posted?.name, status: posted?.status }, { name: 'دانة', status: 'approved' });
    assert.equal((await focusInWidget(page)).comment, `comment-${posted?.id}`);
    assert.match((await page.locator(`${W} #comments-title`).textContent()) ?? '', /^[4٤] ردود على “\u2068ممرات الدراجات\u2069”$/);
    assert.equal(await page.locator(`${W} #comment-${posted?.id} time`).textContent(), 'الآن');
    await assertClean(w, h, [422]);
    await w.context.close();
  });

  test("without data-lang the widget speaks the page's language; German counts one answer in words", async () => {
    const url = h.widgetPage('/i/de', { 'data-title': 'Radwege' }, { lang: 'de-AT' });
    await h.post({ article: '/i/de', articleUrl: url, name: 'Jonas', email: 'jonas@example.org', body: 'Gut so.' });
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} .p`).getAttribute('lang'), 'de');
    assert.equal(await page.locator(`${W} .p`).getAttribute('dir'), 'ltr');
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), 'Eine Antwort auf „\u2068Radwege\u2069“');
    assert.equal(await page.locator(`${W} #reply-title`).innerText(), 'Schreibe einen Kommentar');
    assert.equal(await page.locator(`${W} #submit`).textContent(), 'Kommentar abschicken');
    assert.equal(await page.locator(`${W} .nt`).textContent(), 'Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.');
    assert.equal(await page.locator(`${W} button.rp`).getAttribute('aria-label'), 'Auf Jonas antworten');
    await assertClean(w, h);
    await w.context.close();
  });

  test('a language the widget does not have falls back to English without asking the server', async () => {
    const w = await h.open(h.widgetPage('/i/fr', { 'data-lang': 'fr' }));
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} .p`).getAttribute('lang'), 'en');
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), 'Be the first to comment');
    assert.equal(await page.locator(`${W} #submit`).textContent(), 'Post Comment');
    assert.deepEqual(w.requests.filter((r) => r.includes('/widget/strings/')), []);
    await assertClean(w, h);
    await w.context.close();
  });
});

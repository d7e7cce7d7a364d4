// widget.js in real Chromium, on a page of another origin under a strict CSP: how it shows a thread,
// pages and sorts it, keeps the page's CSS out and its own in, and shows hostile comments as inert text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('widget.js shows a thread', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('the count heading, nested replies, avatars, linked names, times and the moderator badge', async () => {
    const url = h.widgetPage('/t/thread', { 'data-title': 'Bike lanes' });
    const base = { article: '/t/thread', articleUrl: url };
    const amal = await h.post({ ...base, name: 'Amal', url: 'https://amal.example/', body: 'First! I *really* like it.' });
    const editor = await h.post({ ...base, parentId: amal, name: 'Editor', email: 'ed@example.org', body: 'Thanks, Amal.' });
    h.run('update comments set moderator = 1 where id = ?', editor);
    const bo = await h.post({ ...base, parentId: editor, name: 'Bo', email: 'bo@example.org', body: 'Agreed.' });
    await h.post({ ...base, name: 'Chen', email: 'chen@example.org', body: 'What about Mill Street?' });

    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '4 Responses to “\u2068Bike lanes\u2069”');
    // The widget sits where the script tag is, after the article's text.
    assert.equal(await page.evaluate(() => document.querySelector('[data-parley]')?.previousElementSibling?.tagName), 'P');

    const top = page.locator(`${W} ol.comment-list > li`);
    assert.equal(await top.count(), 2);
    assert.equal(await page.locator(`${W} #comment-${amal} > ol.ch > #comment-${editor} > ol.ch > #comment-${bo}`).count(), 1, 'replies nest');
    const link = page.locator(`${W} #comment-${amal} > article a.au`);
    assert.equal(await link.textContent(), 'Amal');
    assert.equal(await link.getAttribute('href'), 'https://amal.example/');
    assert.equal(await link.getAttribute('rel'), 'nofollow ugc');
    assert.equal(await page.locator(`${W} #comment-${amal} > article em`).textContent(), 'really');

    const avatar = await page.locator(`${W} #comment-${amal} > article img.av`).getAttribute('src');
    assert.match(avatar ?? '', new RegExp(`^${h.parleyOrigin}/avatars/[0-9a-f]{32}\\.svg$`));
    const time = page.locator(`${W} #comment-${amal} > article time`);
    const [row] = h.sql<{ created_at: number }>('select created_at from comments where id = ?', amal);
    assert.equal(await time.getAttribute('datetime'), new Date(row?.created_at ?? 0).toISOString());
    assert.match((await time.textContent()) ?? '', /now|second|minute/);
    assert.match((await time.getAttribute('title')) ?? '', /\d{4}/, 'the exact time is in the title');

    assert.equal(await page.locator(`${W} #comment-${editor} > article .bd`).textContent(), 'Moderator');
    assert.equal(await page.locator(`${W} .bd`).count(), 1, 'only the moderator has the badge');
    assert.equal(await page.locator(`${W} #comment-${bo} > article button.rp`).getAttribute('aria-label'), 'Reply to Bo');
    assert.equal(await page.locator(`${W} #reply-title`).innerText(), 'Leave a Reply');
    await assertClean(w, h);
    await w.context.close();
  });

  test('an empty thread invites the first comment, and the widget defaults the article to the page path', async () => {
    const w = await h.open(h.widgetPage('/t/empty'));
    await widgetReady(w.page);
    assert.equal(await w.page.locator(`${W} #comments-title`).textContent(), 'Be the first to comment');
    assert.ok(w.requests.some((r) => r.includes('article=%2Ft%2Fempty')), 'asked for the thread of location.pathname');
    assert.equal(await w.page.locator(`${W} .tb`).isVisible(), false, 'no sort control for an empty thread');
    await assertClean(w, h);
    await w.context.close();
  });

  test('a #comment-{id} link focuses that comment; the widget works under a Trusted Types CSP', async () => {
    const url = h.widgetPage('/t/trusted', {}, { cspExtra: "require-trusted-types-for 'script'; trusted-types parley" });
    const first = await h.post({ article: '/t/trusted', articleUrl: url, name: 'Amal', body: 'With a [link](https://example.org/).' });
    const second = await h.post({ article: '/t/trusted', articleUrl: url, name: 'Bo', email: 'bo@example.org', body: 'Linked to.' });
    const w = await h.open(`${url}#comment-${second}`);
    await widgetReady(w.page);
    assert.equal(await w.page.locator(`${W} #comment-${first} .x a`).getAttribute('href'), 'https://example.org/');
    assert.equal(await w.page.evaluate(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.parentElement?.id), `comment-${second}`);
    await assertClean(w, h);
    await w.context.close();
  });

  test('"Load more" pages top-level comments and moves focus to the first new one; sorting shows newest first', async () => {
    const url = h.widgetPage('/t/paging', { 'data-page-size': '2' });
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await h.post({ article: '/t/paging', articleUrl: url, name: `P${i}`, email: `p${i}@example.org`, body: `Comment ${i}` }));
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    const shown = () => page.locator(`${W} ol.comment-list > li`).evaluateAll((items) => items.map((li) => li.id));
    assert.deepEqual(await shown(), ids.slice(0, 2).map((id) => `comment-${id}`));
    const more = page.locator(`${W} button.bt`, { hasText: 'Load more comments' });
    await more.click();
    await page.locator(`${W} #comment-${ids[3]}`).waitFor();
    assert.deepEqual(await shown(), ids.slice(0, 4).map((id) => `comment-${id}`));
    assert.equal(await page.evaluate(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.parentElement?.id), `comment-${ids[2]}`);
    await more.click();
    await page.locator(`${W} #comment-${ids[4]}`).waitFor();
    assert.equal(await more.isVisible(), false, 'no more pages');

    await page.locator(`${W} select#sort`).selectOption('newest');
    await page.waitForFunction((first) => document.querySelector('[data-parley]')?.shadowRoot?.querySelector('ol.comment-list > li')?.id === first, `comment-${ids[4]}`);
    assert.deepEqual(await shown(), [ids[4], ids[3]].map((id) => `comment-${id}`));
    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '5 Responses to “\u2068Test article /t/paging\u2069”');
    await assertClean(w, h);
    await w.context.close();
  });

  test("a hostile page stylesheet (* { all: unset; display: none }) does not reach inside the widget", async () => {
    const url = h.widgetPage('/t/styled', { 'data-title': 'Styles' });
    await h.post({ article: '/t/styled', articleUrl: url, name: 'Amal', url: 'https://amal.example/', body: 'Styled text.' });
    const hostileUrl = h.widgetPage('/t/styled-hostile', { 'data-article': '/t/styled', 'data-title': 'Styles' }, { head: '<link rel="stylesheet" href="/hostile.css">' });
    const selectors = ['#comments-title', '.au', '.x p', 'time', 'button.rp', 'label[for=author]', '#comment', '#author', '#submit', '.nt', '.p'];
    const properties = ['display', 'color', 'background-color', 'font-size', 'font-family', 'font-weight', 'padding-top', 'margin-top', 'border-top-width', 'line-height'];
    const styles = async (address: string) => {
      const w = await h.open(address);
      await w.page.setViewportSize({ width: 900, height: 900 });
      await w.page.locator(`${W} .au`).waitFor({ state: 'attached' });
      const result = await w.page.evaluate(
        ([sels, props]) => {
          const host = document.querySelector<HTMLElement>('[data-parley]');
          const root = host?.shadowRoot;
          const out: Record<string, string> = { host: host ? getComputedStyle(host).display : 'missing', h1: getComputedStyle(document.querySelector('h1') as Element).display };
          for (const sel of sels) {
            const el = root?.querySelector(sel);
            for (const prop of props) out[`${sel} ${prop}`] = el ? getComputedStyle(el).getPropertyValue(prop) : 'missing';
          }
          return out;
        },
        [selectors, properties] as const,
      );
      await assertClean(w, h);
      await w.context.close();
      return result;
    };
    const clean = await styles(url);
    const hostile = await styles(hostileUrl);
    assert.equal(hostile.h1, 'none', 'the hostile stylesheet applies to the page');
    assert.equal(clean.h1, 'block');
    assert.equal(hostile.host, 'block', 'the widget container stays displayed');
    const { h1: _a, ...cleanInside } = clean;
    const { h1: _b, ...hostileInside } = hostile;
    assert.deepEqual(hostileInside, cleanInside);
    assert.equal(clean['#submit background-color'], 'rgb(29, 78, 216)', 'the widget has its own look');
  });

  test("the widget's CSS does not leak onto the page, and sites restyle it through --parley-* properties", async () => {
    h.serveCss('/site.css', 'h2 { color: rgb(200, 0, 0); font: 30px Georgia, serif; } button { padding: 7px; } ol { padding: 0 0 0 40px; }');
    h.serveCss('/restyle.css', ':root { --parley-accent: rgb(0, 100, 0); --parley-font: Georgia, serif; --parley-font-size: 20px; }');
    const pageHtml = '<h2 id="site-h2">Site heading</h2><button id="site-button">Site button</button><ol id="site-ol"><li>item</li></ol>';
    const probe = async (address: string, withWidget: boolean) => {
      const w = await h.open(address);
      // Only the page with the widget has one to wait for (waiting on the other page ran into the timeout).
      if (withWidget) await widgetReady(w.page);
      // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
      const result = await w.page.evaluate(() =>
        ['site-h2', 'site-button', 'site-ol'].map((id) => {
          const s = getComputedStyle(document.getElementById(id) as Element);
          return [id, s.color, s.fontFamily, s.fontSize, s.padding, s.display, s.outlineStyle].join('|');
        }),
      );
      await w.context.close();
      return result;
    };
    const withoutWidget = await probe(h.serve('/t/leak-none', { head: '<link rel="stylesheet" href="/site.css">', body: pageHtml }), false);
    const withWidget = await probe(h.widgetPage('/t/leak', {}, { head: '<link rel="stylesheet" href="/site.css">', before: pageHtml }), true);
    assert.deepEqual(withWidget, withoutWidget);

    const w = await h.open(h.widgetPage('/t/restyle', { 'data-article': '/t/leak' }, { head: '<link rel="stylesheet" href="/restyle.css">' }));
    await widgetReady(w.page);
    const submit = await w.page.locator(`${W} #submit`).evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, font: s.fontFamily, size: s.fontSize };
    });
    assert.deepEqual(submit, { background: 'rgb(0, 100, 0)', font: 'Georgia, serif', size: '20px' });
    await assertClean(w, h);
    await w.context.close();
  });
  test('in closed quiet hours the widget shows no form but "Comments are closed until" the time they open, in the reader’s clock', async () => {
    // A window around the real time now (the server runs on the real clock), ending two hours from now.
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const now = Date.now();
    const until = Math.floor((now + 2 * 3_600_000) / 60_000) * 60_000;
    const settings = {
      origins: [h.hostOrigin],
      approval: 'none',
      quietHours: { mode: 'closed', timeZone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: hhmm(now - 3_600_000), to: hhmm(until) }] },
    };
    h.run("insert into sites (slug, settings, created_at) values ('nightly', ?, 0)", JSON.stringify(settings));
    const w = await h.open(h.widgetPage('/t/quiet', { 'data-site': 'nightly' }));
    await widgetReady(w.page);
    const note = await w.page.locator(`${W} p.nt`).textContent();
    const shown = await w.page.evaluate((at) => new Intl.DateTimeFormat('en', { timeStyle: 'medium' }).format(new Date(at)), until);
    assert.equal(note, `Comments are closed until ${shown}.`);
    assert.equal(await w.page.locator(`${W} form`).count(), 0, 'no form to type into');
    await assertClean(w, h);
    await w.context.close();
  });
});

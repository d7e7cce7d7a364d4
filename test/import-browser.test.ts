// Imported comments in real Chromium: a WXR imported with the CLI into the running server's database,
// then the widget and the no-JavaScript page: nothing in an old body executes, its formatting shows,
// deep threads show as WordPress shows them, and an old #comment-1234 link finds its comment pages away.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertClean, focusInWidget, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';
import { wxr, type WxrComment } from './import-files.js';

describe('imported comments in the browser', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  let url: string;
  before(async () => {
    h = await startHarness();
    url = h.widgetPage('/old/post/');
    // Ids 1–3 are taken by comments born in Parley, so those three keep only their old anchors.
    for (let i = 0; i < 3; i++) await h.post({ article: '/elsewhere', articleUrl: h.widgetPage('/elsewhere'), name: `P${i}`, email: `p${i}@example.org`, body: `native ${i}` });
    const hostile: WxrComment = {
      id: 1,
      author: 'Mallory',
      email: 'mallory@example.org',
      dateGmt: '2011-01-01 00:00:00',
      content: 'Look <strong>here</strong>\n\nsecond <em>para</em><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><a href="javascript:window.pwned=3">x</a>',
    };
    // A chain five deep, then 80 more top-level comments, then one far down that old links point at.
    const chain: WxrComment[] = [12, 13, 14, 15, 16].map((id) => ({ id, parent: id === 12 ? 1 : id - 1, author: `Chain ${id - 10}`, dateGmt: `2011-01-01 00:${id}:00`, content: `level ${id - 10}` }));
    const filler: WxrComment[] = Array.from({ length: 80 }, (_, i) => ({ id: 100 + i, author: `F${i}`, dateGmt: `2011-02-01 00:${String(i % 60).padStart(2, '0')}:${String(Math.floor(i / 60)).padStart(2, '0')}`, content: `filler ${i}` }));
    // Its old id, 3, is taken here: it gets a new id and answers to its old anchor.
    const far: WxrComment = { id: 3, author: 'Far', dateGmt: '2011-03-01 00:00:00', content: 'The linked one' };
    const file = join(h.parley.dir, 'old.xml');
    writeFileSync(file, wxr([{ id: 9, title: 'Old post', link: `${h.hostOrigin}/old/post/`, comments: [hostile, ...chain, ...filler, far] }]));
    h.run("update sites set settings = json_set(settings, '$.maxDepth', 3) where slug = 'demo'");
    const result = spawnSync(process.execPath, ['bin/parley.js', 'import', file, '--site', 'demo'], { env: { ...process.env, PARLEY_DB: h.parley.dbFile }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
  after(() => h?.stop());

  test('an old body keeps its formatting and nothing in it runs, in the widget and the no-JavaScript page', async () => {
    const w = await h.open(url);
    await widgetReady(w.page);
    const mallory = w.page.locator(`${W} li:has(> article .au:text-is("Mallory")) > article`);
    assert.equal(await mallory.locator('strong').textContent(), 'here');
    assert.equal(await mallory.locator('p').count(), 2);
    await w.page.waitForTimeout(300);
    assert.equal(await w.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    await assertClean(w, h);
    await w.context.close();

    const embed = await h.open(`${h.parleyOrigin}/embed?site=demo&article=${encodeURIComponent('/old/post/')}`);
    await embed.page.waitForLoadState('load');
    assert.equal(await embed.page.locator('li.comment strong').first().textContent(), 'here');
    assert.equal(await embed.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.equal(await embed.page.locator('#comment-3 ~ article').textContent().then((t) => t?.includes('The linked one')), true, 'the old anchor is on the page, in the comment');
    await embed.context.close();
  });

  test('a chain deeper than maxDepth shows nested to maxDepth, deeper replies at the last level in date order', async () => {
    const w = await h.open(url);
    await widgetReady(w.page);
    const names = await w.page.locator(`${W} li:has(> article .au:text-is("Chain 2")) > ol > li > article .au`).allTextContents();
    assert.deepEqual(names, ['Chain 3', 'Chain 4', 'Chain 5', 'Chain 6']);
    await w.context.close();
  });

  test('an old #comment-3 link finds its comment in the widget although it is pages away', async () => {
    const w = await h.open(`${url}#comment-3`);
    await widgetReady(w.page);
    await w.page.waitForFunction(() => document.querySelector('[data-parley]')?.shadowRoot?.activeElement?.closest('li[data-id]') !== undefined);
    const focused = await focusInWidget(w.page);
    const [row] = h.sql<{ id: number }>("select id from comments where source = 'wordpress' and source_id = '3'");
    assert.equal(focused.comment, `comment-${row?.id}`);
    assert.ok(w.requests.some((r) => r.includes('around=comment-3')));
    await w.context.close();
  });
});

// A banned author posting through widget.js in real Chromium: the form shows the server's message,
// keeps the text, and nothing is stored (the widget has no string of its own for `banned`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterTimeTrap, assertClean, commentsOf, fill, hasChromium, NO_CHROMIUM, startHarness, W, widgetReady, type Harness } from './widget-harness.js';

describe('a banned author in the widget', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.stop());

  test('a banned email’s comment is refused with the site’s message, the text kept and nothing stored', async () => {
    h.run("insert into bans (site_id, kind, value, created_by, created_at) select id, 'email', 'banned@example.org', 'Test', 0 from sites");
    const url = h.widgetPage('/p/banned');
    const w = await h.open(url);
    const { page } = w;
    await widgetReady(page);
    await fill(page, { comment: 'Let me back in.', name: 'Bo', email: 'Banned@Example.org' });
    await afterTimeTrap(page);
    await page.locator(`${W} #submit`).click();
    await page.waitForFunction(() => !!document.querySelector('[data-parley]')?.shadowRoot?.querySelector('#commentform .al')?.textContent);
    const message = (await page.locator(`${W} #commentform .al`).textContent()) ?? '';
    assert.match(message, /Your comments are not accepted on this site\./);
    assert.doesNotMatch(message, /banned@/i);
    assert.equal(await page.locator(`${W} #comment`).inputValue(), 'Let me back in.');
    assert.equal(commentsOf(h, '/p/banned').length, 0);
    await assertClean(w, h, [403]);
    await w.context.close();
  });
});

// The settings page's spam services in Chromium: the Akismet key is checked through the server, saved
// write-only (never shown again), and a comment Akismet calls spam shows why in the queue.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdminUi, type AdminUiFixture } from './admin-ui-fixture.js';
import { hasChromium } from './browser.js';
import { AKISMET_KEY, startAkismet } from './spam-servers.js';

describe('spam services in the moderator UI', { skip: hasChromium() ? false : 'no Chromium at /usr/bin/chromium' }, () => {
  let ui: AdminUiFixture;
  let akismet: Awaited<ReturnType<typeof startAkismet>>;

  before(async () => {
    akismet = await startAkismet();
    ui = await startAdminUi({ PARLEY_AKISMET_URL: akismet.url, PARLEY_AKISMET_TIMEOUT_MS: '3000' });
  });
  after(async () => {
    await ui.close();
    await akismet.close();
  });

  test('a key is checked with Akismet, saved, never shown again, and Akismet’s spam shows in the queue with its reason', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/sites/demo');
    const key = page.getByLabel('Akismet key');
    await key.fill('wrongkey0000');
    await page.getByRole('button', { name: 'Check the key' }).click();
    await page.getByText('Akismet does not know this key.').waitFor();
    await key.fill(AKISMET_KEY);
    await page.getByRole('button', { name: 'Check the key' }).click();
    await page.getByText('Akismet accepts this key.').waitFor();
    assert.equal(akismet.requests.filter((r) => r.path === '/1.1/verify-key').length, 2);

    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByText('A key is set (it is never shown).').waitFor();
    assert.equal(await page.getByLabel('Akismet key').inputValue(), '');
    assert.ok(!(await page.content()).includes(AKISMET_KEY), 'the page never holds the key');

    // Saving again with the field empty keeps the key, and the stored key is what "Check" checks.
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByRole('button', { name: 'Check the key' }).click();
    await page.getByText('Akismet accepts this key.').waitFor();

    const { id } = await ui.post({ body: 'Cheap watches [spam]' });
    assert.equal(ui.status(id), 'spam');
    await page.goto(`${ui.base}/admin/comments?status=spam`);
    await page.locator(`#comment-${id}`).getByText('Akismet says this is spam').waitFor();
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.violations, []);
  });
});

// The Moderators page in Chromium: an admin adds a moderator of one site, creates a token (its secret
// shown once) and revokes it, changes a role; a moderator's navigation shows only what it may use,
// its queue's site picker only its sites, and an admin page answers it with the 403 error page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.js';
import { startAdminUi, type AdminUiFixture } from './admin-ui-fixture.js';
import { withDb } from './server.js';

const NEW = { email: 'desk@example.org', name: 'Desk Moderator', password: 'another long password' };

describe('the Moderators page and a moderator’s view of the UI', { skip: !hasChromium() && 'no Chromium' }, () => {
  let ui: AdminUiFixture;
  before(async () => {
    ui = await startAdminUi();
    withDb(ui.server.dbFile, (db) => db.prepare("insert into sites (slug, settings, created_at) values ('other', '{}', 1)").run());
  });
  after(() => ui.close());

  const signInAs = async (page: Page, who: { email: string; password: string }) => {
    await page.goto(`${ui.base}/admin/sign-in?next=${encodeURIComponent('/admin')}`);
    await page.getByLabel('Email address').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
  };

  const navLinks = async (page: Page) => page.getByRole('navigation', { name: 'Moderation' }).getByRole('link').allInnerTexts();

  test('an admin adds a moderator of one site, creates and revokes a token, and the moderator sees only its own things', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin');
    await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Moderators' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/moderators');

    const add = page.locator('form[action="/admin/moderators"]');
    await add.getByLabel('Email').fill(NEW.email);
    await add.getByLabel('Name').fill(NEW.name);
    await add.getByLabel(/First password/).fill(NEW.password);
    await add.getByLabel('Role').selectOption('moderator');
    await add.getByRole('checkbox', { name: 'demo' }).check();
    await add.getByRole('button', { name: 'Add moderator' }).click();
    await page.waitForURL((url) => url.search === '?done=added');
    assert.match(await page.getByRole('status').first().innerText(), /The moderator was added/);
    assert.match(await page.locator(`tr[data-moderator="${NEW.email}"]`).innerText(), /Moderator of demo/);

    const token = page.locator('form[action="/admin/tokens"]');
    await token.getByLabel('Name').fill('desk-bot');
    await token.getByRole('checkbox', { name: 'other' }).check();
    await token.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.locator('[data-token-secret] code').first().innerText();
    assert.match(secret, /^pt_/);
    assert.match(await page.locator('tr[data-token="desk-bot"]').innerText(), /Moderator of other/);
    const bearer = await fetch(`${ui.base}/api/admin/sites`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.deepEqual(await bearer.json(), { sites: [{ site: 'other' }] });
    await page.getByRole('button', { name: 'Revoke desk-bot' }).click();
    await page.waitForURL((url) => url.search === '?done=revoked');
    assert.equal(await page.locator('tr[data-token="desk-bot"]').count(), 0);
    assert.equal((await fetch(`${ui.base}/api/admin/sites`, { headers: { Authorization: `Bearer ${secret}` } })).status, 401);

    // The moderator, in a browser of its own.
    const desk = await ui.open();
    await signInAs(desk.page, NEW);
    assert.deepEqual(await navLinks(desk.page), ['Dashboard', 'Comments', 'Bans', 'My notifications']);
    await desk.page.goto(`${ui.base}/admin/comments`);
    const options = await desk.page.getByLabel('Site').locator('option').allInnerTexts();
    assert.deepEqual(options.map((o) => o.trim()), ['All sites', 'demo']);
    const refused = await desk.page.goto(`${ui.base}/admin/moderators`);
    assert.equal(refused?.status(), 403);
    assert.match(await desk.page.locator('main').innerText(), /role does not allow/);

    // Made an admin, the moderator sees the admin pages on its next page.
    await page.locator(`tr[data-moderator="${NEW.email}"] summary`).click();
    await page.locator(`form[action^="/admin/moderators/"]`).filter({ has: page.getByRole('button', { name: `Save ${NEW.email}` }) }).getByLabel('Role').selectOption('admin');
    await page.getByRole('button', { name: `Save ${NEW.email}` }).click();
    await page.waitForURL((url) => url.search === '?done=saved');
    await desk.page.goto(`${ui.base}/admin`);
    assert.ok((await navLinks(desk.page)).includes('Moderators'));

    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
    assert.deepEqual(desk.problems.violations, []);
    assert.deepEqual(desk.problems.errors, []);
  });
});

// Bans and author history in the moderator UI, in Chromium against the real server: a queue row's
// history line and its "approve all pending" confirmation, the row's Ban… form, and the Bans page
// (add by value, change, lift), each checked in the database and the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hasChromium } from './browser.js';
import { waitFor, withDb } from './server.js';
import { startAdminUi, type AdminUiFixture, type Problems } from './admin-ui-fixture.js';

const skip = hasChromium() ? false : 'Chromium is not installed at /usr/bin/chromium';
let ui: AdminUiFixture;
const noProblems = (problems: Problems) => assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
const query = <T>(sql: string, ...params: unknown[]) => withDb(ui.server.dbFile, (db) => db.prepare(sql).all(...params) as T[]);

describe('bans and author history in the moderator UI', { skip }, () => {
  before(async () => {
    ui = await startAdminUi();
  });
  after(async () => {
    await ui?.close();
  });

  test('a queue row shows its author’s history, and “approve all pending” approves them after a confirmation page', async () => {
    const email = `history-${Date.now()}@example.org`;
    const first = await ui.post({ email, body: 'History one.' });
    const second = await ui.post({ email, body: 'History two.' });
    const other = await ui.post({ body: 'Someone else.' });
    const { page, problems } = await ui.open();
    await ui.signIn(page);
    const row = page.locator(`#comment-${second.id}`);
    assert.match((await row.locator('.author-history').textContent()) ?? '', /0 approved · 2 pending · 0 spam · 0 trash/);
    await row.getByRole('link', { name: 'Approve all 2 pending from this author…' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/authors/approve');
    assert.doesNotMatch(page.url(), /@/, 'no email in the address');
    assert.equal(ui.status(first.id), 'pending', 'nothing happens before the confirmation');
    await page.getByRole('button', { name: 'Approve 2 comments' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/comments' && url.searchParams.get('status') === 'approved');
    assert.equal(await page.locator(`#comment-${first.id}`).count(), 1);
    assert.equal(await page.locator(`#comment-${second.id}`).count(), 1);
    assert.equal(await page.locator(`#comment-${other.id}`).count(), 0, 'the author filter shows only theirs');
    assert.equal(ui.status(first.id), 'approved');
    assert.equal(ui.status(second.id), 'approved');
    assert.equal(ui.status(other.id), 'pending');
    const audit = query<{ comment_id: number }>("select comment_id from audit_log where action = 'approve' and comment_id in (?, ?)", first.id, second.id);
    assert.equal(audit.length, 2);
    noProblems(problems);
  });

  test('the Ban… form on a queue row bans the author’s email, and their next comment is refused', async () => {
    const email = `banned-${Date.now()}@example.org`;
    const posted = await ui.post({ email, body: 'Before the ban.' });
    const { page, problems } = await ui.open();
    await ui.signIn(page);
    const row = page.locator(`#comment-${posted.id}`);
    await row.getByRole('button', { name: 'Ban…' }).click();
    await row.getByLabel('Email', { exact: true }).check();
    await row.getByLabel('For').selectOption('7');
    await row.getByLabel('Note').fill('Spamming links');
    await row.getByRole('button', { name: 'Ban', exact: true }).click();
    await row.getByText(/Banned \(email, ban \d+\)/).waitFor();
    const [ban] = query<{ kind: string; value: string; until: number | null; note: string; comment_id: number }>('select kind, value, until, note, comment_id from bans');
    assert.ok(ban);
    assert.deepEqual({ ...ban, until: ban.until !== null }, { kind: 'email', value: email, until: true, note: 'Spamming links', comment_id: posted.id });
    const refused = await fetch(`${ui.base}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ui.base },
      body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${ui.base}/`, name: 'Again', email: email.toUpperCase(), body: 'After the ban.' }),
    });
    const text = await refused.text();
    assert.equal(refused.status, 403, text);
    assert.match(text, /"banned"/);
    assert.ok(!text.toLowerCase().includes(email));
    noProblems(problems);
  });

  test('the Bans page adds a ban by value, changes its note and end, and lifts it, each audited', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/bans');
    await page.getByRole('link', { name: 'Bans' }).first().waitFor();
    const form = page.locator('#new-ban');
    await form.getByLabel('Email domain').check();
    await form.getByLabel('Value').fill('@Spam.Example');
    await form.getByLabel('Note').fill('Known spam domain');
    await form.getByRole('button', { name: 'Add ban' }).click();
    await page.getByText('Ban added.').waitFor();
    const [added] = query<{ id: number; value: string }>("select id, value from bans where kind = 'domain'");
    assert.ok(added);
    assert.equal(added.value, 'spam.example');
    const row = page.locator(`#ban-${added.id}`);
    assert.match((await row.textContent()) ?? '', /Active/);
    await row.getByLabel('Until (empty: for good)').fill('2099-06-30');
    await row.getByLabel('Note').fill('Changed note');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Ban changed.').waitFor();
    const [changed] = query<{ until: number; note: string }>('select until, note from bans where id = ?', added.id);
    assert.deepEqual(changed, { until: Date.parse('2099-06-30'), note: 'Changed note' });
    await page.locator(`#ban-${added.id}`).getByRole('button', { name: `Lift ban ${added.id} on domain` }).click();
    await page.getByText('Ban lifted.').waitFor();
    assert.ok(await waitFor(() => query('select id from bans where id = ?', added.id).length === 0));
    const actions = query<{ action: string }>("select action from audit_log where action like 'ban.%' and json_extract(detail, '$.ban') = ? order by id", added.id);
    assert.deepEqual(actions.map((a) => a.action), ['ban.create', 'ban.update', 'ban.lift']);
    // A bad value is refused on the page, and nothing is stored.
    await form.getByLabel('Email address').check();
    await form.getByLabel('Value').fill('not an email');
    await form.getByRole('button', { name: 'Add ban' }).click();
    await page.getByText('This is not an email address.').waitFor();
    assert.equal(query("select id from bans where value = 'not an email'").length, 0);
    noProblems(problems);
  });
});

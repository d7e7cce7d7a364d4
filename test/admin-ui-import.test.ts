// The Import page in real Chromium against the real server: a WordPress export is read in the
// browser and sent in batches under the body limit (CSRF as every admin write), with a progress
// bar and the report; a second run adds nothing; a broken file is refused with its line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateWxr } from '../scripts/bench/wxr-generate.js';
import { startAdminUi, type AdminUiFixture } from './admin-ui-fixture.js';
import { hasChromium } from './browser.js';
import { tempDir, withDb, type TempDir } from './server.js';

describe('the Import page', { skip: !hasChromium() && 'no Chromium' }, () => {
  let ui: AdminUiFixture;
  let dir: TempDir;
  let file: string;

  before(async () => {
    ui = await startAdminUi();
    dir = tempDir('parley-import-ui-');
    file = join(dir.path, 'wordpress.xml');
    // 12 posts × 40 comments: about 200 KB of JSON, so several batches under the 64 KiB body limit.
    await generateWxr(file, 12, 40);
  });
  after(async () => {
    await ui?.close();
    dir?.remove();
  });

  const imported = () => withDb(ui.server.dbFile, (db) => db.prepare("select status, count(*) as n from comments where source = 'wordpress' group by status order by status").all());

  test('a WordPress file is imported batch by batch with a progress bar and the report, and again adds nothing', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/import');
    const batches: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/admin/sites/demo/import') {
        batches.push(request.postDataBuffer()?.length ?? 0);
        assert.ok(request.headers()['x-csrf-token'], 'each batch carries the CSRF token');
      }
    });
    await page.getByLabel('Into site').selectOption('demo');
    await page.getByLabel('Export file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await page.locator('#import-progress').getAttribute('value'), '100');
    const text = await report.innerText();
    assert.match(text, /Articles created\s+12/);
    assert.match(text, /Approved comments\s+\d+/);
    assert.ok(batches.length >= 3, `${batches.length} batches`);
    assert.ok(batches.every((size) => size <= 64 * 1024), `every batch fits the body limit: ${batches.join(', ')}`);
    const rows = imported() as Array<{ status: string; n: number }>;
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    assert.equal(total, 480);
    assert.match(text, new RegExp(`Approved comments\\s+${rows.find((r) => r.status === 'approved')?.n}`));
    const audit = withDb(ui.server.dbFile, (db) => db.prepare("select count(*) as n from audit_log where action like 'import%' or action like 'site.import%'").get()) as { n: number };
    assert.ok(audit.n >= 1, 'the import is in the audit log');

    // The same file again: nothing is added, the report says so.
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Already imported before').waitFor();
    await page.waitForFunction(() => document.querySelector('#import-report-list')?.textContent?.includes('480'));
    assert.match(await report.innerText(), /Already imported before\s+480/);
    assert.equal((imported() as Array<{ n: number }>).reduce((sum, r) => sum + r.n, 0), 480);
    assert.deepEqual(problems, { dialogs: [], errors: [], violations: [] });
  });

  test('a broken file is refused with the line it breaks on, and a dry run writes nothing', async () => {
    const { page, problems } = await ui.open();
    await ui.signIn(page, '/admin/import');
    const broken = join(dir.path, 'broken.xml');
    writeFileSync(broken, '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n<item><title>x</title>\n<wp:comment><wp:comment_id>1</wp:comment_id></item>');
    await page.getByLabel('Export file').setInputFiles(broken);
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /line \d+/);

    const before = imported();
    const other = join(dir.path, 'other.xml');
    await generateWxr(other, 2, 5, 500);
    await page.getByLabel('Export file').setInputFiles(other);
    await page.getByLabel(/Dry run/).check();
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.waitFor({ state: 'visible' });
    assert.match(await report.innerText(), /Dry run: nothing was written/);
    assert.deepEqual(imported(), before);
    assert.deepEqual(problems.violations, []);
    assert.deepEqual(problems.dialogs, []);
  });
});

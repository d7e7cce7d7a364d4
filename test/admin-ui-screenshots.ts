// Takes the moderator UI's screenshots for the README (docs/screenshots/admin-*.png) from the real
// server in headless Chromium, with a few realistic comments. Not a test: `npx tsx test/admin-ui-screenshots.ts`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startAdminUi } from './admin-ui-fixture.js';
import { patchSiteSettings, ROOT, withDb } from './server.js';

const OUT = join(ROOT, 'docs', 'screenshots');
mkdirSync(OUT, { recursive: true });

const ui = await startAdminUi();
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(OUT, `admin-${name}.png`), fullPage });

try {
  patchSiteSettings(ui.server.dbFile, 'demo', { moderationKeys: ['casino'], floodSeconds: 0 });
  const approve = (id: number) => withDb(ui.server.dbFile, (db) => db.prepare("update comments set status = 'approved' where id = ?").run(id));
  const first = await ui.post({ name: 'Marta Lindqvist', email: 'marta@example.org', url: 'https://marta.example', body: 'Finally! My kids can cycle to the new school without riding next to the lorries.' });
  approve(first.id);
  await ui.post({ name: 'Dev Patel', email: 'dev@example.org', body: 'What about the shops on Mill Street? Two loading bays is **not** enough for the bakery deliveries.' });
  await ui.post({ name: 'Joanna K.', email: 'jk@example.org', parentId: first.id, body: 'Same here. Is there a map of the route?\nThe council PDF is at https://council.example/lanes.pdf and https://council.example/map' });
  await ui.post({ name: 'Best Odds', email: 'promo@example.net', url: 'https://odds.example', body: 'Win big at our casino, use code BIKE for free spins' });
  await ui.post({ name: 'Sam', email: 'sam@example.org', body: 'Good decision. The river road was dangerous after dark.' });

  const { page } = await ui.open({ width: 1280, height: 820 });
  await page.goto(`${ui.base}/admin/sign-in`);
  await shot(page, 'sign-in');
  await ui.signIn(page, '/admin/comments');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await shot(page, 'queue', true);
  await page.keyboard.press('?');
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await page.keyboard.press('r');
  await page.keyboard.type('Thanks, Dev. The council says the bays can be reviewed after six months.');
  await shot(page, 'reply', true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('a');
  await page.getByText('Comment approved.', { exact: true }).waitFor();
  await shot(page, 'undo', true);
  await page.goto(`${ui.base}/admin`);
  await shot(page, 'dashboard');
  await page.goto(`${ui.base}/admin/sites/demo`);
  await shot(page, 'settings', true);
  await page.getByLabel('Links that hold a comment').fill('-1');
  await page.getByLabel('Webhook URL').fill('ftp://files.example.org');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await page.locator('#error-summary').waitFor();
  await shot(page, 'settings-errors');
  await page.goto(`${ui.base}/admin/audit`);
  await shot(page, 'audit');

  const phone = await ui.open({ width: 320, height: 640 });
  await ui.signIn(phone.page, '/admin/comments');
  await shot(phone.page, 'phone', true);
  console.log(`Screenshots written to ${OUT}`);
} finally {
  await ui.close();
}

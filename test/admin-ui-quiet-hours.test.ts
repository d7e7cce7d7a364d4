// Quiet hours in the moderator UI (real app, real SQLite): the settings form shows, saves and checks
// the schedule (an error beside each bad field, nothing saved), and the queue says why a comment waits.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { browse, formFields, pageText, type Browse } from './admin-ui-http.js';

let svc: Service;
let mod: Browse;
beforeEach(async () => {
  svc = await startService({ settings: { floodSeconds: 0, approval: 'none' } });
  mod = await browse(svc);
});
afterEach(() => svc.close());

const storedSettings = () => JSON.parse(svc.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings ?? '{}') as Record<string, unknown>;

async function settingsForm(): Promise<Record<string, string>> {
  const { res, html } = await mod.get('/admin/sites/news');
  assert.equal(res.status, 200);
  return formFields(html);
}

describe('quiet hours in the settings form', () => {
  test('are off by default, and saving a schedule stores it and shows it again as typed', async () => {
    const fields = await settingsForm();
    assert.equal(fields.quietHours, undefined);
    assert.equal(fields.quietTimeZone, 'UTC');
    const saved = await mod.postForm('/admin/sites/news', {
      ...fields,
      quietHours: 'on',
      quietMode: 'held',
      quietTimeZone: 'America/New_York',
      quietWindows: 'mon-fri 22:00-7:00\r\nsat,sun 20:00–09:00\r\n',
    });
    assert.equal(saved.res.status, 303);
    assert.deepEqual(storedSettings().quietHours, {
      mode: 'held',
      timeZone: 'America/New_York',
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '07:00' },
        { days: ['sat', 'sun'], from: '20:00', to: '09:00' },
      ],
    });
    const again = await mod.get('/admin/sites/news');
    assert.match(again.html, /<option value="held" selected="">/);
    const shown = formFields(again.html);
    assert.equal(shown.quietHours, 'on');
    assert.equal(shown.quietTimeZone, 'America/New_York');
    assert.equal(shown.quietWindows, 'mon,tue,wed,thu,fri 22:00-07:00\nsat,sun 20:00-09:00');
    // Unticked: off again.
    const { quietHours: _ticked, ...unticked } = shown;
    const off = await mod.postForm('/admin/sites/news', { ...unticked, quietMode: 'held' });
    assert.equal(off.res.status, 303);
    assert.equal(storedSettings().quietHours, null);
  });

  test('a bad time zone and a bad window are explained beside their fields, what was typed is kept, and nothing is saved', async () => {
    const before = storedSettings();
    const fields = await settingsForm();
    const { res, html } = await mod.postForm('/admin/sites/news', {
      ...fields,
      quietHours: 'on',
      quietMode: 'closed',
      quietTimeZone: 'Europe/Atlantis',
      quietWindows: 'daily 22:00-07:00\nsometimes late',
    });
    assert.equal(res.status, 422);
    const text = pageText(html);
    assert.match(text, /The settings were not saved/);
    for (const field of ['quietTimeZone', 'quietWindows']) {
      assert.match(html, new RegExp(`<p class="field-error" id="${field}-error">`), field);
      assert.match(html, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), field);
      assert.match(html, new RegExp(`<a href="#${field}">`), `${field} is in the summary`);
    }
    assert.ok(text.includes('“Europe/Atlantis” is not a time zone'), text);
    assert.ok(text.includes('“sometimes late” is not a window'), text);
    assert.match(html, /value="Europe\/Atlantis"/);
    assert.match(html, />daily 22:00-07:00\nsometimes late<\/textarea>/);
    assert.deepEqual(storedSettings(), before);
  });

  test('a comment held by quiet hours says so in the queue', async () => {
    const fields = await settingsForm();
    const saved = await mod.postForm('/admin/sites/news', { ...fields, quietHours: 'on', quietMode: 'held', quietTimeZone: 'UTC', quietWindows: 'daily 00:00-00:00' });
    assert.equal(saved.res.status, 303);
    const posted = await svc.post({ email: 'night@example.org', body: 'Late thoughts.' });
    assert.equal(((await posted.json()) as { comment: { status: string } }).comment.status, 'pending');
    const { html } = await mod.get('/admin/comments');
    assert.ok(pageText(html).includes('Posted during the site’s quiet hours'));
  });
});

// With the response cache the Node entry uses, an erase (and retention) shows in the next thread and
// counts: the cached bytes of the person's comments do not outlive the erase.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../src/app.js';
import { ResponseCache } from '../src/cache/response-cache.js';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { parseConfig } from '../src/config.js';
import { newApiToken } from '../src/moderation/auth.js';
import { openDatabase, type OpenedDatabase } from '../src/node/database.js';
import { signReaderLink } from '../src/readers/links.js';
import { ARTICLE_URL, ORIGIN, START } from './helpers.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

describe('privacy with the response cache', () => {
  let dir: string;
  let database: OpenedDatabase;
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let admin: Record<string, string>;
  const clock = { now: START };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-privacy-cache-'));
    const file = join(dir, 'parley.db');
    database = openDatabase(file);
    // No externalVersion: only the app's own writes may clear the cache here.
    const cache = new ResponseCache({ maxBytes: 1024 * 1024, now: () => clock.now });
    const app = createApp({ store: database.store, cache, config: parseConfig({ PARLEY_DB: file, PARLEY_LOG: 'false' }), secret: SECRET, clock: () => clock.now });
    request = async (path, init) => app.request(path, init);
    await database.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN], approval: 'none', floodSeconds: 0 }), START);
    const { token, hash } = await newApiToken();
    await database.store.createApiToken('test', hash, START);
    admin = { Authorization: `Bearer ${token}` };
  });
  after(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (name: string, email: string, body: string) =>
    request('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: 'news', article: '/a', articleUrl: ARTICLE_URL, name, email, body }),
    });
  const thread = async () => (await request('/api/comments?site=news&article=/a')).text();

  test('a reader’s erase and a moderator’s erase both show in the next (cached) thread and count', async () => {
    assert.equal((await post('Amal', 'amal@example.org', 'Amal was here.')).status, 201);
    assert.equal((await post('Ben', 'ben@example.org', 'Ben was here.')).status, 201);
    assert.match(await thread(), /"name":"Amal"/);
    assert.match(await thread(), /"name":"Amal"/);
    const token = await signReaderLink(SECRET, { purpose: 'erase', site: 'news', email: 'amal@example.org' }, clock.now);
    const erased = await request(`/privacy/erase/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'mode=anonymise' });
    assert.equal(erased.status, 200);
    const after = await thread();
    assert.ok(!after.includes('"name":"Amal"') && after.includes('"name":"Anonymous"'));

    assert.match((await request('/api/counts?site=news&article=/a')).headers.get('Content-Type') ?? '', /json/);
    const counts = async () => ((await (await request('/api/counts?site=news&article=/a')).json()) as { counts: Record<string, number> }).counts['/a'];
    assert.equal(await counts(), 2);
    const res = await request('/api/admin/privacy/erase', { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: 'ben@example.org', mode: 'delete' }) });
    assert.equal(res.status, 200);
    assert.ok(!(await thread()).includes('Ben was here.'));
    assert.equal(await counts(), 1);
  });
});

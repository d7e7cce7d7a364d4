// The response cache (Node entry): it serves rendered threads and counts until something they were made
// from changes, and never a stale one: every write and moderation action, a write by another process,
// and a thread closing by age all show in the next read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { ResponseCache, type RenderedResponse } from '../src/cache/response-cache.js';
import { siteSettingsSchema, type SiteSettings } from '../src/comments/settings.js';
import { parseConfig } from '../src/config.js';
import { newApiToken } from '../src/moderation/auth.js';
import { openDatabase, type OpenedDatabase } from '../src/node/database.js';
import { nodeHashing } from '../src/node/hashing.js';

const ORIGIN = 'https://news.example.org';
const START = Date.parse('2026-11-24T19:08:14.000Z');
const DAY = 86_400_000;

function response(body: string, tags: string[], expiresAt: number | null = null): RenderedResponse {
  return { body: new TextEncoder().encode(body), headers: {}, etag: null, site: 'news', origins: [], tags, expiresAt };
}

describe('ResponseCache', () => {
  const clock = { now: 0 };
  const cache = () => new ResponseCache({ maxBytes: 64 * 1024, now: () => clock.now });

  test('serves what it rendered until one of its tags is invalidated', async () => {
    const c = cache();
    let renders = 0;
    const render = async () => response(`v${++renders}`, ['a', 'b']);
    assert.equal(new TextDecoder().decode((await c.getOrRender('k', render)).body), 'v1');
    assert.equal(new TextDecoder().decode((await c.getOrRender('k', render)).body), 'v1');
    c.invalidate(['x']);
    assert.equal(c.get('k') !== undefined, true, 'another tag leaves it alone');
    c.invalidate(['b']);
    assert.equal(c.get('k'), undefined);
    assert.equal(new TextDecoder().decode((await c.getOrRender('k', render)).body), 'v2');
    assert.equal(renders, 2);
  });

  test('concurrent misses for one key share one render', async () => {
    const c = cache();
    let renders = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const render = async () => {
      renders++;
      await gate;
      return response('x', ['a']);
    };
    const both = Promise.all([c.getOrRender('k', render), c.getOrRender('k', render)]);
    release();
    await both;
    assert.equal(renders, 1);
  });

  test('a render during which one of its tags was invalidated is answered but not kept, and later requests do not wait for it', async () => {
    const c = cache();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let renders = 0;
    const slow = async () => {
      renders++;
      await gate;
      return response('old', ['a']);
    };
    const first = c.getOrRender('k', slow);
    c.invalidate(['a']);
    const second = c.getOrRender('k', async () => {
      renders++;
      return response('new', ['a']);
    });
    release();
    assert.equal(new TextDecoder().decode((await first).body), 'old');
    assert.equal(new TextDecoder().decode((await second).body), 'new');
    assert.equal(renders, 2);
    assert.equal(new TextDecoder().decode(c.get('k')?.body ?? new Uint8Array()), 'new');
  });

  test('a write to another article while rendering does not stop the render from being kept', async () => {
    const c = cache();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const pending = c.getOrRender('k', async () => {
      await gate;
      return response('kept', ['a']);
    });
    c.invalidate(['other']);
    release();
    await pending;
    assert.ok(c.get('k'));
  });

  test('a change of the external version (another process wrote) drops everything', async () => {
    let version = 1;
    const c = new ResponseCache({ maxBytes: 64 * 1024, now: () => clock.now, externalVersion: () => version });
    await c.getOrRender('k', async () => response('x', ['a']));
    assert.ok(c.get('k'));
    version = 2;
    assert.equal(c.get('k'), undefined);
  });

  test('an entry that expires (a thread closing by age) is rendered again', async () => {
    const c = cache();
    clock.now = 100;
    await c.getOrRender('k', async () => response('x', ['a'], 200));
    assert.ok(c.get('k'));
    clock.now = 200;
    assert.equal(c.get('k'), undefined);
  });

  test('memory stays within its budget: the oldest entries go first, and an entry too big is not kept', async () => {
    const c = new ResponseCache({ maxBytes: 8 * 1024, now: () => 0 });
    for (let i = 0; i < 20; i++) await c.getOrRender(`k${i}`, async () => response('x'.repeat(1000), ['a']));
    assert.ok(c.snapshot().bytes <= 8 * 1024);
    assert.equal(c.get('k0'), undefined);
    assert.ok(c.get('k19'));
    await c.getOrRender('big', async () => response('x'.repeat(4000), ['a']));
    assert.equal(c.get('big'), undefined);
  });
});

interface Thread {
  article: { count: number; closed: boolean };
  comments: Array<{ id: number; html: string; replies: Array<{ id: number }> }>;
}

describe('the cached app: every write shows in the next read', () => {
  let dir: string;
  let database: OpenedDatabase;
  let cache: ResponseCache;
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let admin: Record<string, string>;
  const clock = { now: START };
  const THREAD = '/api/comments?site=news&article=/a';
  const COUNTS = '/api/counts?site=news&article=/a&article=/b';

  /** The next request, as the server would see it: on a later turn of the event loop. */
  const later = () => new Promise<void>((r) => setImmediate(r));
  const thread = async () => {
    await later();
    const res = await request(THREAD);
    assert.equal(res.status, 200);
    return (await res.json()) as Thread;
  };
  const counts = async () => ((await (await request(COUNTS)).json()) as { counts: Record<string, number> }).counts;
  const ids = (t: Thread) => t.comments.flatMap((c) => [c.id, ...c.replies.map((r) => r.id)]);
  const post = async (body: string, extra: Record<string, unknown> = {}) => {
    const res = await request('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: 'news', article: '/a', articleUrl: `${ORIGIN}/a`, name: 'Amal', email: 'amal@example.org', body, ...extra }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { comment: { id: number }; editToken: string };
  };
  const act = async (id: number, action: string) => {
    const res = await request(`/api/admin/comments/${id}/${action}`, { method: 'POST', headers: admin });
    assert.equal(res.status, 200, await res.clone().text());
  };
  const saveSettings = async (settings: Partial<SiteSettings>) => {
    const res = await request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify(siteSettingsSchema.parse({ origins: [ORIGIN], approval: 'all', floodSeconds: 0, ...settings })),
    });
    assert.ok(res.status === 200 || res.status === 201, await res.clone().text());
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cache-'));
    const file = join(dir, 'parley.db');
    database = openDatabase(file);
    cache = new ResponseCache({ maxBytes: 1024 * 1024, now: () => clock.now, externalVersion: database.dataVersion });
    const app = createApp({
      store: database.store,
      cache,
      hashing: nodeHashing,
      config: parseConfig({ PARLEY_DB: file, PARLEY_LOG: 'false' }),
      secret: 'test-secret-that-is-long-enough-0123456789',
      clock: () => clock.now,
      socketAddress: () => '203.0.113.7',
    });
    request = async (path, init) => app.request(path, init);
    await database.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN], approval: 'all', floodSeconds: 0 }), START);
    const { token, hash } = await newApiToken();
    await database.store.createApiToken('test', hash, START);
    admin = { Authorization: `Bearer ${token}` };
  });

  after(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a repeated read is served from the cache, with its ETag and 304', async () => {
    const first = await request(THREAD);
    const hits = cache.snapshot().hits;
    const second = await request(THREAD);
    assert.equal(cache.snapshot().hits, hits + 1);
    assert.equal(await second.text(), await first.text());
    const etag = second.headers.get('etag');
    assert.ok(etag);
    const revalidated = await request(THREAD, { headers: { 'If-None-Match': etag } });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.headers.get('etag'), etag);
  });

  test('a held comment changes nothing public; its approval shows in the next thread and counts', async () => {
    assert.deepEqual(await counts(), { '/a': 0, '/b': 0 });
    const { comment } = await post('First');
    assert.equal((await thread()).article.count, 0);
    await act(comment.id, 'approve');
    const after = await thread();
    assert.deepEqual(ids(after), [comment.id]);
    assert.equal(after.article.count, 1);
    assert.deepEqual(await counts(), { '/a': 1, '/b': 0 });
  });

  test('a held comment on an existing article keeps the cached thread; one that creates its article does not', async () => {
    await thread();
    const hits = cache.snapshot().hits;
    await post('Held for moderation');
    await thread();
    assert.equal(cache.snapshot().hits, hits + 1, 'the held comment changed nothing public');

    const fresh = '/api/comments?site=news&article=/c';
    const empty = (await (await request(fresh)).json()) as { article: { title: string | null } };
    assert.equal(empty.article.title, null);
    const res = await request('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: 'news', article: '/c', articleUrl: `${ORIGIN}/c`, articleTitle: 'Cycling', name: 'Cy', email: 'cy@example.org', body: 'Held' }),
    });
    assert.equal(res.status, 201);
    await later();
    const created = (await (await request(fresh)).json()) as { article: { title: string | null; count: number } };
    assert.equal(created.article.title, 'Cycling');
    assert.equal(created.article.count, 0);
  });

  test('a held comment that fills in its article\'s missing title shows the title in the next read', async () => {
    const url = '/api/comments?site=news&article=/d';
    const send = (body: Record<string, string>) =>
      request('/api/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ site: 'news', article: '/d', name: 'Di', email: 'di@example.org', ...body }),
      });
    assert.equal((await send({ body: 'Held, no title' })).status, 201);
    await later();
    assert.equal(((await (await request(url)).json()) as { article: { title: string | null } }).article.title, null);
    assert.equal((await request(url)).status, 200);
    assert.equal((await send({ body: 'Held, with a title', articleTitle: 'Dogs' })).status, 201);
    await later();
    assert.equal(((await (await request(url)).json()) as { article: { title: string | null } }).article.title, 'Dogs');
  });

  test('unapprove, spam, restore and approve each show at once', async () => {
    const [id] = ids(await thread());
    assert.ok(id);
    await act(id, 'unapprove');
    assert.deepEqual(ids(await thread()), []);
    assert.deepEqual(await counts(), { '/a': 0, '/b': 0 });
    await act(id, 'approve');
    assert.deepEqual(ids(await thread()), [id]);
    await act(id, 'spam');
    assert.deepEqual(ids(await thread()), []);
    await act(id, 'restore');
    assert.deepEqual(ids(await thread()), []);
    await act(id, 'approve');
    assert.deepEqual(ids(await thread()), [id]);
    assert.deepEqual(await counts(), { '/a': 1, '/b': 0 });
  });

  test("an author's edit and delete, and a moderator's edit and reply, show at once", async () => {
    const { comment, editToken } = await post('Second');
    await act(comment.id, 'approve');
    assert.equal((await thread()).article.count, 2);
    const edit = await request(`/api/comments/${comment.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-Edit-Token': editToken },
      body: JSON.stringify({ body: 'Second, edited' }),
    });
    assert.equal(edit.status, 200);
    assert.match((await thread()).comments.find((c) => c.id === comment.id)?.html ?? '', /Second, edited/);
    const moderated = await request(`/api/admin/comments/${comment.id}`, {
      method: 'PATCH',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: 'Edited by a moderator' }),
    });
    assert.equal(moderated.status, 200);
    assert.match((await thread()).comments.find((c) => c.id === comment.id)?.html ?? '', /Edited by a moderator/);
    const reply = await request(`/api/admin/comments/${comment.id}/reply`, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: 'Thanks' }),
    });
    assert.equal(reply.status, 201);
    const replyId = ((await reply.json()) as { comment: { id: number } }).comment.id;
    assert.ok(ids(await thread()).includes(replyId));
    assert.deepEqual(await counts(), { '/a': 3, '/b': 0 });
    const deleted = await request(`/api/comments/${comment.id}`, { method: 'DELETE', headers: { 'X-Edit-Token': editToken } });
    assert.equal(deleted.status, 204);
    assert.equal((await thread()).article.count, 2, 'the deleted comment stays as a placeholder for its reply, uncounted');
    assert.deepEqual(await counts(), { '/a': 2, '/b': 0 });
  });

  test('trash and a permanent delete show at once', async () => {
    const { comment } = await post('Third');
    await act(comment.id, 'approve');
    assert.ok(ids(await thread()).includes(comment.id));
    await act(comment.id, 'trash');
    assert.ok(!ids(await thread()).includes(comment.id));
    const purge = await request(`/api/admin/comments/${comment.id}`, { method: 'DELETE', headers: admin });
    assert.equal(purge.status, 204);
    assert.ok(!ids(await thread()).includes(comment.id));
  });

  test('a comment posted straight to approved (approval none) shows at once, on a new article too', async () => {
    await saveSettings({ approval: 'none' });
    const before = await counts();
    const res = await request('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: 'news', article: '/b', articleUrl: `${ORIGIN}/b`, name: 'Bo', email: 'bo@example.org', body: 'Hello' }),
    });
    assert.equal(res.status, 201);
    assert.deepEqual(await counts(), { ...before, '/b': 1 });
    await saveSettings({ approval: 'all' });
  });

  test('a write by another process (the CLI, another server) shows in the next read', async () => {
    const id = ids(await thread())[0];
    assert.ok(id);
    const other = new Database(join(dir, 'parley.db'));
    other.prepare('update comments set html = ? where id = ?').run('<p>Changed elsewhere</p>', id);
    other.close();
    assert.equal((await thread()).comments.find((c) => c.id === id)?.html, '<p>Changed elsewhere</p>');
  });

  test('a thread closes by age without any write, and a settings change shows at once', async () => {
    assert.equal((await thread()).article.closed, false);
    await saveSettings({ closeAfterDays: 30 });
    assert.equal((await thread()).article.closed, false);
    clock.now += 31 * DAY;
    assert.equal((await thread()).article.closed, true, 'the cached open thread expired when it closed');
    await saveSettings({ closeAfterDays: null });
    assert.equal((await thread()).article.closed, false);
  });

  test('readers: a reaction shows in the next thread without clearing the counts; a hiding report and a feature show at once', async () => {
    const { comment } = await post('Readers act on this');
    await act(comment.id, 'approve');
    const reacted = (t: Thread) => (t.comments.find((c) => c.id === comment.id) as { reactions?: number } | undefined)?.reactions;
    assert.equal(reacted(await thread()), 0);
    await counts();
    const hits = cache.snapshot().hits;
    const like = await request(`/api/comments/${comment.id}/reaction`, { method: 'PUT', headers: { 'X-Parley-Reader': 'reader-cache-0000000001' } });
    assert.deepEqual(await like.json(), { reactions: 1, reacted: true });
    assert.equal(reacted(await thread()), 1, 'never stale');
    await counts();
    assert.equal(cache.snapshot().hits, hits + 1, 'the counts stayed cached');

    await act(comment.id, 'feature');
    assert.equal((((await thread()).comments.find((c) => c.id === comment.id)) as { featured?: boolean } | undefined)?.featured, true);

    await saveSettings({ reportThreshold: 1 });
    await thread();
    const res = await request(`/api/comments/${comment.id}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'abuse' }),
    });
    assert.equal(res.status, 202);
    assert.ok(!ids(await thread()).includes(comment.id), 'the hidden comment left the cached thread');
    await saveSettings({});
  });

});

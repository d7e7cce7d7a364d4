// Cached GETs answered before the router (src/http/cached-get.ts): a hit gets exactly what the app
// gives the same request (status, every header, body), for every Origin and If-None-Match case;
// anything but an exact hit is left to the app; a hit is logged like any request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { ResponseCache } from '../src/cache/response-cache.js';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { parseConfig } from '../src/config.js';
import { cachedGets } from '../src/http/cached-get.js';
import { newApiToken } from '../src/moderation/auth.js';
import { openDatabase, type OpenedDatabase } from '../src/node/database.js';
import { nodeHashing } from '../src/node/hashing.js';

const ORIGIN = 'https://news.example.org';
const START = Date.parse('2026-11-24T19:08:14.000Z');
const THREAD = '/api/comments?site=news&article=/a';
const COUNTS = '/api/counts?site=news&article=/a&article=/b';

type App = ReturnType<typeof createApp>;

/** Status, headers (sorted, as a client sees them) and body, to compare two answers whole. */
async function whole(res: Response) {
  return { status: res.status, headers: [...res.headers].sort(([a], [b]) => a.localeCompare(b)), body: await res.text() };
}

describe('cached GETs before the router', () => {
  let dir: string;
  let database: OpenedDatabase;
  let cache: ResponseCache;
  /** The app without a cache: every request routed, validated and rendered. */
  let plain: App;
  /** The app with a cache: a repeated thread or counts GET is answered before the router. */
  let cached: App;
  const logs: string[] = [];
  const build = (withCache: boolean) =>
    createApp({
      store: database.store,
      cache: withCache ? cache : undefined,
      hashing: nodeHashing,
      config: parseConfig({ PARLEY_DB: join(dir, 'parley.db'), PARLEY_LOG: 'true' }),
      secret: 'test-secret-that-is-long-enough-0123456789',
      clock: () => START,
      socketAddress: () => '203.0.113.7',
      log: (line) => {
        if (withCache) logs.push(line);
      },
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cached-get-'));
    database = openDatabase(join(dir, 'parley.db'));
    cache = new ResponseCache({ maxBytes: 1024 * 1024, now: () => START, externalVersion: database.dataVersion });
    plain = build(false);
    cached = build(true);
    await database.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN, 'https://other.example.org'], approval: 'none', floodSeconds: 0 }), START);
    const post = async (body: string, parentId?: number) => {
      const res = await plain.request('/api/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: JSON.stringify({ site: 'news', article: '/a', articleUrl: `${ORIGIN}/a`, name: 'Amal', email: 'amal@example.org', body, parentId }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { comment: { id: number } }).comment.id;
    };
    const first = await post('The bike lanes on Elm Street are a good start.');
    await post('Agreed, and the crossing at Oak too.', first);
  });

  after(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a hit gets the status, every header and the body the app gives the same request', async () => {
    const etag = (await plain.request(THREAD)).headers.get('ETag');
    assert.ok(etag);
    const origins = [undefined, ORIGIN, 'https://other.example.org', 'https://evil.example.com'];
    const validators = [undefined, etag, 'W/"something-else"', `"x", ${etag}`, '*'];
    const answer = cachedGets(cache, () => undefined);
    let compared = 0;
    for (const path of [THREAD, COUNTS]) {
      // The first request through the cached app is a miss: routed and rendered, then kept.
      assert.equal((await cached.request(path)).status, 200);
      for (const origin of origins) {
        for (const ifNoneMatch of path === THREAD ? validators : [undefined]) {
          const headers: Record<string, string> = {};
          if (origin) headers.Origin = origin;
          if (ifNoneMatch) headers['If-None-Match'] = ifNoneMatch;
          const want = await whole(await plain.request(path, { headers }));
          const direct = answer(new Request(`http://localhost${path}`, { headers }));
          assert.ok(direct, `${path} ${JSON.stringify(headers)} was not answered from the cache`);
          assert.deepEqual(await whole(direct), want, `${path} ${JSON.stringify(headers)}`);
          assert.deepEqual(await whole(await cached.request(path, { headers })), want);
          compared++;
        }
      }
    }
    assert.equal(compared, 24);
    // The cases cover both answers and both CORS outcomes.
    const notModified = await cached.request(THREAD, { headers: { 'If-None-Match': etag, Origin: ORIGIN } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers.get('Access-Control-Allow-Origin'), ORIGIN);
    const foreign = await cached.request(COUNTS, { headers: { Origin: 'https://evil.example.com' } });
    assert.equal(foreign.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(foreign.headers.get('Vary'), 'Origin');
    assert.equal(foreign.headers.get('X-Content-Type-Options'), 'nosniff');
  });

  test('anything but an exact hit is left to the app', async () => {
    const answer = cachedGets(cache, () => undefined);
    assert.equal((await cached.request(THREAD)).status, 200);
    assert.ok(answer(new Request(`http://localhost${THREAD}`)), 'the thread is cached');
    const declined: Array<[string, RequestInit?]> = [
      [`${THREAD}&limit=5`],
      ['/api/comments?site=news&article=/never-read'],
      [THREAD, { method: 'HEAD' }],
      [THREAD, { method: 'POST', body: '{}' }],
      [THREAD, { method: 'OPTIONS', headers: { Origin: ORIGIN } }],
      [THREAD.replace('/api/comments?', '/api/comments/?')],
      ['/healthz'],
    ];
    for (const [path, init] of declined) assert.equal(answer(new Request(`http://localhost${path}`, init)), undefined, `${init?.method ?? 'GET'} ${path}`);
    // A GET that carries a body goes through the app's body limit and validation; an empty one is no body.
    assert.equal(answer(new Request(`http://localhost${THREAD}`, { headers: { 'Content-Length': '5' } })), undefined);
    assert.ok(answer(new Request(`http://localhost${THREAD}`, { headers: { 'Content-Length': '0' } })));
  });

  test('an origin the site no longer allows gets no CORS headers from a cached response', async () => {
    const other = 'https://other.example.org';
    const before = await cached.request(COUNTS, { headers: { Origin: other } });
    assert.equal(before.headers.get('Access-Control-Allow-Origin'), other);
    // Through the settings API: the cache drops what it kept.
    const { token, hash } = await newApiToken();
    await database.store.createApiToken('settings', hash, START);
    const saved = await cached.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(siteSettingsSchema.parse({ origins: [ORIGIN], approval: 'none', floodSeconds: 0 })),
    });
    assert.equal(saved.status, 200, await saved.clone().text());
    const after = await cached.request(COUNTS, { headers: { Origin: other } });
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal((await cached.request(COUNTS, { headers: { Origin: ORIGIN } })).headers.get('Access-Control-Allow-Origin'), ORIGIN);
  });

  test('a hit is logged and counted by its route like any request, with no query, IP or email', async () => {
    logs.length = 0;
    const path = '/api/comments?site=news&article=/a&limit=1';
    assert.equal((await cached.request(path)).status, 200);
    assert.equal((await cached.request(path)).status, 200);
    assert.equal(logs.length, 2);
    for (const line of logs) assert.match(line, /^GET \/api\/comments 200 \d+\.\dms$/);
    assert.ok(!logs.join('\n').includes('amal@example.org') && !logs.join('\n').includes('203.0.113.7'));
  });
});

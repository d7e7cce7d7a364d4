// Every kind of response the real server sends (JSON, cached JSON, 304, errors, HTML pages, the
// no-JavaScript form's error page, scripts, avatars, preflights) carries the two headers the app
// sets on all of them. They are set before the handler runs, so this checks that no kind escapes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;

before(async () => {
  server = await startServer();
});
after(() => server.stop());

const thread = '/api/comments?site=demo&article=%2F';

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
}

const cases: Case[] = [
  { name: 'the demo page', path: '/', status: 200 },
  { name: 'health', path: '/healthz', status: 200 },
  { name: 'a thread', path: thread, status: 200 },
  { name: 'the same thread again (from the cache)', path: thread, status: 200 },
  { name: 'counts', path: '/api/counts?site=demo&article=%2F', status: 200 },
  { name: 'counts again (from the cache)', path: '/api/counts?site=demo&article=%2F', status: 200 },
  { name: 'an unknown site', path: '/api/comments?site=nowhere&article=%2F', status: 404 },
  { name: 'a bad query', path: '/api/comments?site=demo', status: 400 },
  { name: 'no such page', path: '/no/such/page', status: 404 },
  { name: 'widget.js', path: '/widget.js', status: 200 },
  { name: 'count.js', path: '/count.js', status: 200 },
  { name: 'an avatar', path: '/avatars/0123456789abcdef0123456789abcdef.svg', status: 200 },
  { name: 'the embed page', path: '/embed?site=demo&article=%2F', status: 200 },
  { name: 'the moderator sign-in page', path: '/admin', status: 200 },
  { name: 'the moderation API without a moderator', path: '/api/admin/comments', status: 401 },
  {
    name: 'a preflight',
    path: '/api/comments',
    init: { method: 'OPTIONS', headers: { Origin: 'http://localhost:1', 'Access-Control-Request-Method': 'POST' } },
    status: 204,
  },
  { name: 'a POST of the wrong type', path: '/api/comments', init: { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }, status: 415 },
  {
    name: 'a POST that is too large',
    path: '/api/comments',
    init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'x'.repeat(100_000) }) },
    status: 413,
  },
  { name: 'a POST of broken JSON', path: '/api/comments', init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }, status: 400 },
  {
    name: "the form's HTML error page",
    path: '/api/comments/form',
    init: { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'comment=' },
    status: 422,
  },
];

describe('security headers on every kind of response (real server)', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const res = await fetch(server.baseUrl + c.path, c.init);
      await res.arrayBuffer();
      assert.equal(res.status, c.status, `${c.name}: status`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', c.name);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', c.name);
    });
  }

  test('a 304 for a cached thread keeps them too', async () => {
    const first = await fetch(server.baseUrl + thread);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const res = await fetch(server.baseUrl + thread, { headers: { 'If-None-Match': etag } });
    assert.equal(res.status, 304);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
  });
});

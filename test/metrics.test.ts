// GET /metrics on the real server (what `npm start` runs): off unless PARLEY_METRICS_TOKEN is set, then
// only for that bearer token; Prometheus text with the documented metrics; and no label ever holds a
// path, email or address a client sent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../src/config.js';
import { patchSiteSettings, startServer, type RunningServer } from './server.js';

const TOKEN = 'scrape-token-0123456789abcdef';

/** The value of one sample line `name{labels} value`, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics', () => {
  let server: RunningServer;
  const scrape = async (auth = `Bearer ${TOKEN}`) => fetch(`${server.baseUrl}/metrics`, { headers: auth ? { Authorization: auth } : {} });
  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.baseUrl, ...headers },
      body: JSON.stringify({ site: 'demo', article: '/metrics-test', articleUrl: `${server.baseUrl}/metrics-test`, name: 'Mo', email: 'mo@example.org', body: 'Hello.', ...fields }),
    });

  before(async () => {
    server = await startServer({ env: { PARLEY_METRICS_TOKEN: TOKEN, PARLEY_LOG: 'false' } });
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0 });
  });
  after(() => server.stop());

  test('is off by default: without PARLEY_METRICS_TOKEN it is the contract\'s 404', async () => {
    const plain = await startServer({ env: { PARLEY_LOG: 'false' } });
    try {
      const res = await fetch(`${plain.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    } finally {
      await plain.stop();
    }
  });

  test('answers 401 without the bearer token or with a wrong one, and never shows a metric then', async () => {
    for (const auth of ['', 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`]) {
      const res = await scrape(auth);
      assert.equal(res.status, 401, auth);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      const text = await res.text();
      assert.equal(JSON.parse(text).error.code, 'unauthorized');
      assert.doesNotMatch(text, /parley_/);
    }
  });

  test('a short PARLEY_METRICS_TOKEN is a start-up error that does not print the token', () => {
    assert.throws(() => parseConfig({ PARLEY_METRICS_TOKEN: 'short-tok' }), (err: Error) => /PARLEY_METRICS_TOKEN must be at least 16 characters \(9 characters\)/.test(err.message) && !err.message.includes('short-tok'));
  });

  test('serves the Prometheus text format with requests by route pattern and status, queue, outboxes, cache, file sizes and event-loop lag', async () => {
    const held = await post({ body: 'Held for a moderator.' });
    assert.equal(held.status, 201);
    for (let i = 0; i < 3; i++) {
      const thread = await fetch(`${server.baseUrl}/api/comments?site=demo&article=/metrics-test`);
      assert.equal(thread.status, 200);
      await thread.arrayBuffer();
    }
    const res = await scrape();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = await res.text();
    assert.ok((sample(text, 'parley_http_request_duration_seconds_count', 'method="GET",route="/api/comments",status="200"') ?? 0) >= 3, text);
    assert.equal(sample(text, 'parley_http_request_duration_seconds_count', 'method="POST",route="/api/comments",status="201"'), 1);
    assert.match(text, /parley_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/comments",status="200"\} \d+/);
    assert.equal(sample(text, 'parley_comments_pending'), 1);
    assert.equal(sample(text, 'parley_webhook_outbox', 'state="waiting"'), 0);
    assert.equal(sample(text, 'parley_mail_outbox', 'state="failed"'), 0);
    assert.ok((sample(text, 'parley_database_size_bytes', 'file="database"') ?? 0) > 0);
    assert.ok((sample(text, 'parley_database_size_bytes', 'file="wal"') ?? -1) >= 0);
    assert.ok((sample(text, 'parley_response_cache_lookups_total', 'result="hit"') ?? 0) >= 2, 'the thread was served from the cache');
    const ratio = sample(text, 'parley_response_cache_hit_ratio') ?? -1;
    assert.ok(ratio > 0 && ratio <= 1, String(ratio));
    assert.ok(sample(text, 'parley_response_cache_entries') !== undefined);
    assert.ok(sample(text, 'parley_response_cache_bytes') !== undefined);
    assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== undefined);
    assert.ok(sample(text, 'process_resident_memory_bytes') !== undefined);
  });

  test('no label holds a raw path, query, email, name or address that a client sent', async () => {
    const hostile = ['zq-hostile-path', 'zq-hostile-query', 'zq-hostile@evil.example', 'Zq Hostile Name', '198.51.100.77', '%3Cscript', '<script'];
    const paths = [
      '/zq-hostile-path/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '/api/comments/zq-hostile-path',
      '/api/comments/123456?zq-hostile-query=1',
      '/report/zq-hostile-path',
      '/avatars/zq-hostile-path.svg',
      '/api/admin/comments/zq-hostile-path',
      '/assets/zq-hostile-path.js',
    ];
    for (const path of paths) {
      for (const method of ['GET', 'DELETE', 'PATCH', 'PROPFIND']) {
        const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { 'X-Forwarded-For': '198.51.100.77' } });
        await res.arrayBuffer();
      }
    }
    const posted = await post({ email: 'zq-hostile@evil.example', name: 'Zq Hostile Name' }, { 'X-Forwarded-For': '198.51.100.77' });
    assert.equal(posted.status, 201);
    const invalid = await post({ email: 'zq-hostile@evil.example <script>', name: 'Zq Hostile Name' });
    assert.equal(invalid.status, 422);

    const text = await (await scrape()).text();
    for (const needle of hostile) assert.ok(!text.includes(needle), `${needle} appears in /metrics`);
    assert.ok(!text.includes('127.0.0.1'), 'the client address appears in /metrics');
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1] ?? ''));
    assert.ok(routes.has('/api/comments/:id'), [...routes].join(' '));
    for (const route of routes) assert.match(route, /^\/[a-z0-9/:_.*-]*$/i, `route label ${route} is a pattern`);
    const methods = new Set([...text.matchAll(/method="([^"]*)"/g)].map((m) => m[1]));
    for (const method of methods) assert.ok(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'].includes(method ?? ''), `method ${method}`);
  });
});

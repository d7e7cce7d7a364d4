// Real answers against the OpenAPI document: a request for every described route, for its success
// and for the errors a client meets (bad input, no credentials, unknown ids, refused states), each
// answer held against the documented status and JSON schema (test/openapi-check.ts, ajv 2020-12).
// The other suites can be held to the document too: PARLEY_CHECK_OPENAPI=1 (docs/api.md).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { nodeMetrics } from '../src/node/metrics.js';
import { ARTICLE_URL, ORIGIN, startService, type Service } from './helpers.js';
import { document, problemsOf, seen } from './openapi-check.js';
import { AKISMET_KEY, startAkismet } from './spam-servers.js';
import { onWorker } from './worker-target.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const HOST = 'http://parley.test';

describe('real responses match the OpenAPI document', () => {
  let s: Service;
  let akismet: Awaited<ReturnType<typeof startAkismet>>;
  let token: Record<string, string>;
  let cookie: Record<string, string>;
  const problems: string[] = [];

  /** One request; its answer is checked against the document and must have the expected status. */
  const call = async (
    method: string,
    path: string,
    expected: number,
    init: { headers?: Record<string, string>; json?: unknown; body?: string; via?: (url: string, init: RequestInit) => Promise<Response> } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const send = init.via ?? s.request;
    const res = await send(path.startsWith('/') ? `${HOST}${path}` : path, { method, headers, ...(body === undefined ? {} : { body }) });
    problems.push(...(await problemsOf(method, path, res.clone())));
    assert.equal(res.status, expected, `${method} ${path}: ${await res.clone().text().then((t) => t.slice(0, 300))}`);
    return res;
  };
  const idOf = async (res: Response) => ((await res.json()) as { comment: { id: number } }).comment.id;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN };
  const pub = { Origin: ORIGIN };

  before(async () => {
    akismet = await startAkismet();
    s = await startService({ env: { PARLEY_AKISMET_URL: akismet.url, PARLEY_AKISMET_TIMEOUT_MS: '1500' } });
    token = await s.addToken();
    const mod = await s.addModerator();
    // Signed in through the documented route itself.
    const res = await call('POST', '/api/admin/session', 200, { json: mod, headers: { Origin: HOST } });
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    cookie = { Cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'X-CSRF-Token': csrfToken, Origin: HOST };
  });
  after(async () => {
    await s.close();
    await akismet.close();
  });

  test('the public API: threads, posting, editing, deleting, counts', async () => {
    const article = encodeURIComponent('/2026/11/bike-lanes');
    const posted = await call('POST', '/api/comments', 201, {
      headers: pub,
      json: { site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, name: 'Amal', email: 'amal@example.org', body: 'First *one*.' },
    });
    const { comment, editToken } = (await posted.json()) as { comment: { id: number }; editToken: string };
    await call('POST', '/api/comments', 429, { headers: pub, json: { site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, name: 'Amal', email: 'amal@example.org', body: 'Too soon.' } });
    s.approve(comment.id);
    s.later();
    const thread = await call('GET', `/api/comments?site=news&article=${article}`, 200);
    await call('GET', `/api/comments?site=news&article=${article}`, 304, { headers: { 'If-None-Match': thread.headers.get('etag') ?? '' } });
    await call('GET', `/api/comments?site=news&article=${article}&around=comment-${comment.id}`, 200);
    await call('GET', '/api/comments?site=news', 400);
    await call('GET', `/api/comments?site=nowhere&article=${article}`, 404);
    await call('POST', '/api/comments', 422, { json: { site: 'news', article: '/a', body: '' } });
    await call('POST', '/api/comments', 400, { body: '{not json', headers: { 'Content-Type': 'application/json' } });
    await call('POST', '/api/comments', 415, { body: 'x', headers: { 'Content-Type': 'text/plain' } });
    await call('POST', '/api/comments', 413, { json: { site: 'news', article: '/a', body: 'x'.repeat(70_000) } });
    await call('POST', '/api/comments', 403, { headers: { Origin: 'https://evil.example' }, json: { site: 'news', article: '/a', articleUrl: 'https://evil.example/a', name: 'E', email: 'e@example.org', body: 'Hi' } });
    await call('POST', '/api/comments', 404, { json: { site: 'nowhere', article: '/a', name: 'E', email: 'e@example.org', body: 'Hi' } });
    await call('POST', '/api/comments', 409, { headers: pub, json: { site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, name: 'Amal', email: 'amal@example.org', body: 'First *one*.' } });
    s.later();
    await call('PATCH', `/api/comments/${comment.id}`, 200, { headers: { 'X-Edit-Token': editToken }, json: { body: 'Edited.' } });
    await call('PATCH', `/api/comments/${comment.id}`, 403, { headers: { 'X-Edit-Token': 'wrong' }, json: { body: 'Edited.' } });
    await call('PATCH', '/api/comments/abc', 404, { json: { body: 'x' } });
    await call('DELETE', `/api/comments/${comment.id}`, 403, { headers: { 'X-Edit-Token': 'wrong' } });
    await call('GET', `/api/counts?site=news&article=${article}&article=%2Fother`, 200);
    await call('GET', '/api/counts?site=news', 400);
    await call('GET', `/api/counts?site=nowhere&article=${article}`, 404);
    await call('DELETE', `/api/comments/${comment.id}`, 204, { headers: { 'X-Edit-Token': editToken } });
    await call('DELETE', '/api/comments/999999', 404, { headers: { 'X-Edit-Token': editToken } });
  });

  test("readers' reports, reactions, privacy requests and the no-JavaScript forms", async () => {
    s.later();
    const id = await s.postApproved({ body: 'Reportable.' });
    await call('POST', `/api/comments/${id}/reports`, 202, { headers: pub, json: { reason: 'spam' } });
    await call('POST', `/api/comments/${id}/reports`, 422, { headers: pub, json: { reason: 'bored' } });
    await call('POST', '/api/comments/999999/reports', 404, { headers: pub, json: { reason: 'spam' } });
    await call('PUT', `/api/comments/${id}/reaction`, 200, { headers: pub });
    await call('DELETE', `/api/comments/${id}/reaction`, 200, { headers: pub });
    await call('PUT', `/api/comments/${id}/reaction`, 403, { headers: { Origin: 'https://evil.example' } });
    await call('PUT', '/api/comments/999999/reaction', 404, { headers: pub });
    await call('POST', `/api/comments/${id}/reports/form`, 200, { headers: formHeaders, body: form({ reason: 'abuse' }) });
    await call('POST', `/api/comments/${id}/reports/form`, 422, { headers: formHeaders, body: form({ reason: 'bored' }) });
    await call('POST', '/api/privacy/requests', 202, { headers: pub, json: { site: 'news', email: 'amal@example.org', kind: 'export' } });
    await call('POST', '/api/privacy/requests', 422, { headers: pub, json: { site: 'news', email: 'nope', kind: 'export' } });
    await call('POST', '/api/privacy/requests', 404, { headers: pub, json: { site: 'nowhere', email: 'amal@example.org', kind: 'export' } });
    s.later();
    await call('POST', '/api/comments/form', 303, {
      headers: formHeaders,
      body: form({ site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, author: 'Bo', email: 'bo@example.org', comment: 'From the form.' }),
    });
    await call('POST', '/api/comments/form', 422, { headers: formHeaders, body: form({ site: 'news', article: '/2026/11/bike-lanes', author: 'Bo', email: 'bo@example.org', comment: '' }) });
    await call('POST', '/api/comments/form', 415, { headers: { 'Content-Type': 'application/json' }, body: '{}' });
  });

  test('the moderation API: the queue and every action, with and without credentials', async () => {
    s.later();
    const id = await s.postApproved({ body: 'For the moderators.' });
    await call('GET', '/api/admin/comments', 401);
    await call('GET', '/api/admin/comments?status=approved', 200, { headers: token });
    await call('GET', '/api/admin/comments?reported=true', 200, { headers: cookie });
    await call('GET', '/api/admin/comments?status=nope', 400, { headers: token });
    await call('GET', `/api/admin/comments/${id}`, 200, { headers: token });
    await call('GET', '/api/admin/comments/999999', 404, { headers: token });
    await call('PATCH', `/api/admin/comments/${id}`, 200, { headers: token, json: { name: 'Amal B.' } });
    await call('PATCH', `/api/admin/comments/${id}`, 422, { headers: token, json: {} });
    await call('PATCH', `/api/admin/comments/${id}`, 403, { headers: { ...cookie, 'X-CSRF-Token': 'wrong' }, json: { name: 'X' } });
    const reply = await call('POST', `/api/admin/comments/${id}/reply`, 201, { headers: token, json: { body: 'Thanks.' } });
    await call('POST', `/api/admin/comments/${id}/feature`, 200, { headers: token });
    await call('POST', `/api/admin/comments/${id}/unfeature`, 200, { headers: token });
    await call('POST', `/api/admin/comments/${id}/reports/dismiss`, 200, { headers: cookie });
    await call('POST', `/api/admin/comments/${id}/spam`, 200, { headers: token });
    await call('POST', `/api/admin/comments/${id}/feature`, 403, { headers: token });
    await call('POST', `/api/admin/comments/${id}/explode`, 404, { headers: token });
    await call('POST', '/api/admin/comments/bulk', 200, { headers: token, json: { ids: [id, 999999], action: 'trash' } });
    await call('POST', '/api/admin/comments/bulk', 422, { headers: token, json: { ids: [], action: 'trash' } });
    await call('DELETE', `/api/admin/comments/${await idOf(reply)}`, 403, { headers: token });
    await call('DELETE', `/api/admin/comments/${id}`, 204, { headers: token });
  });

  test('the moderation API: session, sites, stats, audit, import, export, privacy, mail', async () => {
    await call('POST', '/api/admin/session', 401, { headers: { Origin: HOST }, json: { email: 'mod@example.org', password: 'wrong' } });
    await call('POST', '/api/admin/session', 403, { headers: { Origin: 'https://evil.example' }, json: { email: 'mod@example.org', password: 'wrong' } });
    await call('POST', '/api/admin/session', 422, { headers: { Origin: HOST }, json: { email: '' } });
    await call('GET', '/api/admin/session', 200, { headers: cookie });
    await call('GET', '/api/admin/session', 200, { headers: token });
    await call('GET', '/api/admin/stats', 200, { headers: token });
    await call('GET', '/api/admin/sites', 200, { headers: token });
    await call('GET', '/api/admin/sites/news', 200, { headers: token });
    await call('GET', '/api/admin/sites/nowhere', 404, { headers: token });
    await call('PUT', '/api/admin/sites/blog', 201, { headers: token, json: { origins: ['https://blog.example.org'] } });
    await call('PUT', '/api/admin/sites/blog', 200, { headers: token, json: { origins: ['https://blog.example.org'], approval: 'all' } });
    await call('PUT', '/api/admin/sites/blog', 422, { headers: token, json: { colour: 'red' } });
    await call('GET', '/api/admin/audit', 200, { headers: token });
    await call('GET', '/api/admin/audit?cursor=abc', 400, { headers: token });
    await call('POST', '/api/admin/sites/news/import', 200, { headers: token, json: { dryRun: true } });
    await call('POST', '/api/admin/sites/news/import', 422, { headers: token, json: { source: 'x' } });
    await call('POST', '/api/admin/sites/nowhere/import', 404, { headers: token, json: {} });
    await call('GET', '/api/admin/sites/news/export', 200, { headers: token });
    await call('GET', '/api/admin/sites/news/export?format=wordpress', 200, { headers: token });
    await call('GET', '/api/admin/sites/news/export?format=csv', 400, { headers: token });
    await call('GET', '/api/admin/privacy?site=news&email=amal%40example.org', 200, { headers: token });
    await call('GET', '/api/admin/privacy?site=news', 400, { headers: token });
    await call('GET', '/api/admin/privacy/export?site=news&email=amal%40example.org', 200, { headers: token });
    await call('POST', '/api/admin/privacy/erase', 200, { headers: token, json: { site: 'news', email: 'nobody@example.org' } });
    await call('POST', '/api/admin/privacy/erase', 404, { headers: token, json: { site: 'nowhere', email: 'nobody@example.org' } });
    await call('POST', '/api/admin/retention/run', 200, { headers: token });
    await call('GET', '/api/admin/me/notifications', 200, { headers: cookie });
    await call('GET', '/api/admin/me/notifications', 403, { headers: token });
    await call('PUT', '/api/admin/me/notifications', 200, { headers: cookie, json: { site: 'news', onNew: true, onHeld: true, digestMinutes: 0 } });
    await call('PUT', '/api/admin/me/notifications', 404, { headers: cookie, json: { site: 'nowhere', onNew: true, onHeld: true, digestMinutes: 0 } });
    await call('GET', '/api/admin/mail/failed', 200, { headers: token });
    await call('GET', '/api/admin/mail/failed?limit=0', 400, { headers: token });
    await call('DELETE', '/api/admin/session', 204, { headers: cookie });
    await call('DELETE', '/api/admin/session', 401, { headers: cookie });
  });

  test('the moderation API: moderators, tokens, roles and the Akismet key check', async () => {
    const kim = { email: 'kim@example.org', name: 'Kim', password: 'correct horse battery', role: 'moderator', sites: ['news'] };
    const created = await call('POST', '/api/admin/moderators', 201, { headers: token, json: kim });
    const moderatorId = ((await created.json()) as { moderator: { id: number } }).moderator.id;
    await call('POST', '/api/admin/moderators', 409, { headers: token, json: kim });
    await call('POST', '/api/admin/moderators', 422, { headers: token, json: { ...kim, sites: ['nowhere'] } });
    await call('GET', '/api/admin/moderators', 200, { headers: token });
    await call('GET', '/api/admin/moderators', 401);
    await call('PATCH', `/api/admin/moderators/${moderatorId}`, 200, { headers: token, json: { sites: [] } });
    await call('PATCH', `/api/admin/moderators/${moderatorId}`, 422, { headers: token, json: {} });
    await call('PATCH', '/api/admin/moderators/999999', 404, { headers: token, json: { role: 'admin' } });
    await call('DELETE', `/api/admin/moderators/${moderatorId}`, 204, { headers: token });
    await call('DELETE', `/api/admin/moderators/${moderatorId}`, 404, { headers: token });
    const made = await call('POST', '/api/admin/tokens', 201, { headers: token, json: { name: 'news-bot', role: 'moderator', sites: ['news'] } });
    const { token: bot, secret } = (await made.json()) as { token: { id: number }; secret: string };
    await call('POST', '/api/admin/tokens', 409, { headers: token, json: { name: 'news-bot', role: 'moderator' } });
    await call('POST', '/api/admin/tokens', 422, { headers: token, json: { name: '', role: 'boss' } });
    const scoped = { Authorization: `Bearer ${secret}` };
    // A moderator-role caller: its access, its sites by name only, and no admin route.
    await call('GET', '/api/admin/session', 200, { headers: scoped });
    await call('GET', '/api/admin/sites', 200, { headers: scoped });
    await call('GET', '/api/admin/tokens', 403, { headers: scoped });
    await call('GET', '/api/admin/tokens', 200, { headers: token });
    await call('PATCH', `/api/admin/tokens/${bot.id}`, 200, { headers: token, json: { role: 'admin' } });
    await call('PATCH', `/api/admin/tokens/${bot.id}`, 422, { headers: token, json: { role: 'boss' } });
    await call('PATCH', '/api/admin/tokens/abc', 404, { headers: token, json: { role: 'admin' } });
    await call('DELETE', `/api/admin/tokens/${bot.id}`, 204, { headers: token });
    await call('DELETE', '/api/admin/tokens/999999', 404, { headers: token });

    await call('POST', '/api/admin/sites/news/akismet/verify', 422, { headers: token });
    await call('POST', '/api/admin/sites/news/akismet/verify', 200, { headers: token, json: { key: AKISMET_KEY } });
    await call('POST', '/api/admin/sites/news/akismet/verify', 200, { headers: token, json: { key: 'wrongkey1234' } });
    await call('POST', '/api/admin/sites/news/akismet/verify', 422, { headers: token, json: { key: 'no!' } });
    await call('POST', '/api/admin/sites/news/akismet/verify', 400, { headers: { ...token, 'Content-Type': 'application/json' }, body: '{"key":' });
    await call('POST', '/api/admin/sites/nowhere/akismet/verify', 404, { headers: token, json: {} });
    await call('POST', '/api/admin/sites/news/akismet/verify', 401, { json: {} });
    // The secrets as a GET shows them, and sent back as shown.
    const hook = { url: 'https://classifier.example.org/parley', secret: `whsec_${'A'.repeat(43)}=` };
    await call('PUT', '/api/admin/sites/spammy', 201, { headers: token, json: { origins: [ORIGIN], akismetKey: AKISMET_KEY, moderationHook: hook } });
    await call('PUT', '/api/admin/sites/spammy', 200, { headers: token, json: { origins: [ORIGIN], akismetKey: { set: true }, moderationHook: { ...hook, secret: { set: true } } } });
    await call('GET', '/api/admin/sites/spammy', 200, { headers: token });
  });

  test('the moderation API: bans, the author filter and approving all from an author', async () => {
    s.later();
    const comment = { site: 'news', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, name: 'Sam', email: 'sam@example.org' };
    const posted = await call('POST', '/api/comments', 201, { headers: pub, json: { ...comment, body: 'Held, from Sam.' } });
    const { comment: held, editToken } = (await posted.json()) as { comment: { id: number; author: { avatar: string } }; editToken: string };
    const author = /([0-9a-f]{32})\.svg$/.exec(held.author.avatar)?.[1] ?? '';
    await call('GET', `/api/admin/comments?author=${author}`, 200, { headers: token });
    await call('GET', '/api/admin/comments?author=sam', 400, { headers: token });
    await call('POST', '/api/admin/authors/approve', 200, { headers: token, json: { site: 'news', author } });
    await call('POST', '/api/admin/authors/approve', 422, { headers: token, json: { site: 'news', author: 'sam' } });
    await call('POST', '/api/admin/authors/approve', 404, { headers: token, json: { site: 'nowhere', author } });
    await call('POST', '/api/admin/authors/approve', 401, { json: { site: 'news', author } });

    const made = await call('POST', '/api/admin/bans', 201, { headers: token, json: { site: 'news', kind: 'email', commentId: held.id, note: 'Testing' } });
    const ban = ((await made.json()) as { ban: { id: number } }).ban;
    await call('POST', '/api/admin/bans', 409, { headers: token, json: { site: 'news', kind: 'email', value: 'sam@example.org' } });
    await call('POST', '/api/admin/bans', 422, { headers: token, json: { site: 'news', kind: 'email' } });
    await call('POST', '/api/admin/bans', 404, { headers: token, json: { site: 'nowhere', kind: 'domain', value: 'example.org' } });
    s.later();
    await call('POST', '/api/comments', 403, { headers: pub, json: { ...comment, body: 'Banned now.' } });
    await call('PATCH', `/api/comments/${held.id}`, 403, { headers: { 'X-Edit-Token': editToken }, json: { body: 'Changed.' } });
    await call('GET', '/api/admin/bans?site=news', 200, { headers: token });
    await call('GET', '/api/admin/bans', 400, { headers: token });
    await call('GET', '/api/admin/bans?site=nowhere', 404, { headers: token });
    await call('GET', '/api/admin/bans?site=news', 401);
    await call('PATCH', `/api/admin/bans/${ban.id}?site=news`, 200, { headers: token, json: { until: '2099-01-31', note: null } });
    await call('PATCH', `/api/admin/bans/${ban.id}?site=news`, 422, { headers: token, json: {} });
    await call('PATCH', '/api/admin/bans/999999?site=news', 404, { headers: token, json: { note: 'x' } });
    await call('DELETE', `/api/admin/bans/${ban.id}?site=news`, 204, { headers: token });
    await call('DELETE', `/api/admin/bans/${ban.id}?site=news`, 404, { headers: token });
  });

  test('quiet hours: the thread says so, and a comment is refused with until when', async () => {
    const closed = { mode: 'closed', timeZone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '23:59' }] };
    await call('PUT', '/api/admin/sites/quiet', 201, { headers: token, json: { origins: [ORIGIN], quietHours: closed } });
    s.later();
    await call('GET', `/api/comments?site=quiet&article=${encodeURIComponent('/2026/11/bike-lanes')}`, 200);
    await call('POST', '/api/comments', 403, { headers: pub, json: { site: 'quiet', article: '/2026/11/bike-lanes', articleUrl: ARTICLE_URL, name: 'Amal', email: 'amal@example.org', body: 'At night.' } });
  });

  test('metrics: Node only, for the bearer token of PARLEY_METRICS_TOKEN', async () => {
    // The harness injects no metrics (as the Worker): a 404 even with a token set.
    await call('GET', '/metrics', 404);
    if (onWorker) return;
    const scrapeToken = 'scrape-token-0123456789abcdef';
    const config = parseConfig({ PARLEY_DB: ':memory:', PARLEY_METRICS_TOKEN: scrapeToken });
    const app = createApp({ store: s.store, config, secret: 'test-secret-that-is-long-enough-0123456789', metrics: nodeMetrics({ sqlite: s.sqlite, dbFile: ':memory:' }) });
    const via = async (url: string, init: RequestInit) => app.request(url, init);
    await call('GET', '/metrics', 200, { via, headers: { Authorization: `Bearer ${scrapeToken}` } });
    await call('GET', '/metrics', 401, { via, headers: { Authorization: 'Bearer wrong' } });
  });

  test('files, health and the description itself', async () => {
    const json = await call('GET', '/api/openapi.json', 200);
    // On the Worker too (worker-public.test.ts): the same document as the one built here.
    assert.deepEqual(await json.clone().json(), JSON.parse(JSON.stringify(document)));
    await call('GET', '/api/openapi.json', 304, { headers: { 'If-None-Match': json.headers.get('etag') ?? '' } });
    await call('GET', '/api/docs', 200);
    await call('GET', '/api/docs.css', 200);
    await call('GET', '/healthz', 200);
    await call('GET', '/readyz', 200);
    await call('GET', '/widget/strings/de.json', 200);
    await call('GET', '/widget/strings/xx.json', 404);
    await call('GET', `/embed?site=news&article=${encodeURIComponent('/2026/11/bike-lanes')}`, 200);
    await call('GET', '/embed?site=nowhere&article=%2Fa', 404);
    await call('GET', '/embed?site=news', 400);
    await call('GET', '/avatars/06daab012e47c7492424b6d74470b759.svg', 200);
    await call('GET', '/avatars/nope.svg', 404);
    await call('GET', '/assets/parley.css', 200);
    await call('GET', '/assets/admin.css', 200);
    // The scripts are built into dist/ (npm run build): the Worker bundles them; the Node harness's app has none (404).
    await call('GET', '/widget.js', onWorker ? 200 : 404);
  });

  test('no answer differed from the document, and every described route was called', () => {
    assert.deepEqual(problems, []);
    const operations = Object.entries(obj(document.paths)).flatMap(([path, item]) => Object.keys(obj(item)).map((m) => `${m} ${path}`));
    // The scripts other than widget.js are the same route (one loop over assetNames) with another name.
    const called = new Set([...seen].map((k) => k.split(' ').slice(0, 2).join(' ')));
    const uncalled = operations.filter((op) => !called.has(op) && !/^get \/(widget-report|widget-own|count|admin|admin-import)\.js$/.test(op));
    assert.deepEqual(uncalled, []);
    console.log(`${seen.size} (route, status) pairs checked against the document`);
  });
});

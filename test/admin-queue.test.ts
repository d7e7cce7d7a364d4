// The moderation API end to end: the queue (filters, paging, full-text search), status actions and
// their audit trail, edits, permanent deletes, bulk actions, moderator replies, statistics and site
// settings, each checked against the response, the public thread and the database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

const HOST = 'http://parley.test';
const SPORTS = 'https://sports.example.org';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

interface AdminComment {
  id: number;
  parentId: number | null;
  author: { name: string; url: string | null; avatar: string; moderator: boolean } | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  status: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
  body: string;
  reasons: string[];
  site: string;
  articleKey: string;
  articleUrl: string | null;
  articleTitle: string | null;
  parent: { id: number; name: string; html: string; status: string } | null;
}

interface QueuePage {
  comments: AdminComment[];
  nextCursor: string | null;
}

interface AuditEntry {
  id: number;
  at: string;
  actor: { type: string; id: number; name: string };
  action: string;
  commentId: number | null;
  fromStatus: string | null;
  toStatus: string | null;
  detail: unknown;
}

interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

interface PublicComment {
  id: number;
  parentId: number | null;
  author: { name: string; url: string | null; avatar: string; moderator: boolean } | null;
  html: string;
  editedAt: string | null;
  replies: PublicComment[];
}

interface ThreadBody {
  article: { count: number };
  comments: PublicComment[];
}

interface BulkResult {
  id: number;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

interface SiteView {
  site: string;
  settings: Json & { origins: string[]; approval: string; maxLinks: number };
  webhookSecret: string | null;
}

type Stats = Record<'pending' | 'approved' | 'spam' | 'trash' | 'total', number>;

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text) as ErrorBody;
  assert.equal(body.error.code, code, text);
  return body;
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return JSON.parse(text) as T;
}

/** A signed-in moderator's requests (cookie, CSRF token and the service's own origin). */
async function moderatorClient(s: Service) {
  const session = await s.signIn(await s.addModerator());
  const [row] = s.rows<{ id: number }>('select id from moderators where email = ?', 'mod@example.org');
  assert.ok(row);
  const call = (path: string, method = 'GET', body?: unknown) =>
    s.request(`${HOST}${path}`, {
      method,
      headers: { ...session, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { call, moderatorId: row.id };
}

/** Posts a comment (it must be accepted), moves the clock past the flood window, returns its id. */
async function add(s: Service, fields: Json = {}, headers: Record<string, string> = {}): Promise<number> {
  const res = await s.post(fields, headers);
  const body = await json<{ comment: { id: number } }>(res, 201);
  s.later();
  return body.comment.id;
}

const onArticle = (key: string, site = 'news') => ({
  site,
  article: key,
  articleUrl: `${site === 'news' ? ORIGIN : SPORTS}${key}`,
});

async function thread(s: Service, article: string, site = 'news'): Promise<ThreadBody> {
  return json<ThreadBody>(await s.request(`/api/comments?site=${site}&article=${encodeURIComponent(article)}`));
}

function flatten(comments: PublicComment[]): PublicComment[] {
  return comments.flatMap((c) => [c, ...flatten(c.replies)]);
}

async function publicCount(s: Service, article: string): Promise<number> {
  const body = await json<{ counts: Record<string, number> }>(await s.request(`/api/counts?site=news&article=${encodeURIComponent(article)}`));
  return body.counts[article] ?? -1;
}

const statusOf = (s: Service, id: number) => s.rows<{ status: string }>('select status from comments where id = ?', id)[0]?.status;
const audits = (s: Service) => s.count('select count(*) as n from audit_log');

describe('GET /api/admin/comments: the queue', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  /** What was posted, in order, with what the queue should say about it. */
  const posted: Array<{ id: number; site: string; article: string; status: string }> = [];
  const ids: Record<string, number> = {};
  const record = async (name: string, status: string, fields: Json, headers: Record<string, string> = {}) => {
    const id = await add(s, fields, headers);
    ids[name] = id;
    posted.push({ id, site: String(fields.site), article: String(fields.article), status });
    return id;
  };

  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
    await s.store.saveSite('sports', siteSettingsSchema.parse({ origins: [SPORTS] }), s.clock.now);
    await record('first', 'pending', { ...onArticle('/a'), name: 'Amal', email: 'amal@example.org', body: 'Bike lanes are great.' }, {
      'User-Agent': 'QueueTest/1.0',
    });
    const approvedId = await record('approved', 'approved', { ...onArticle('/a'), name: 'Bea', email: 'bea@example.org', body: 'Approved words.' });
    s.approve(approvedId);
    await record('links', 'pending', {
      ...onArticle('/b'),
      email: 'links@example.org',
      body: 'See https://one.example and https://two.example and https://three.example for more.',
    });
    await record('sports', 'pending', { ...onArticle('/x', 'sports'), email: 'sporty@example.org', body: 'Goal!' });
    await record('spam', 'spam', { ...onArticle('/a'), email: 'bot@example.org', body: 'Buy now.', homepage: 'http://spam.example' });
    await record('reply', 'pending', { ...onArticle('/a'), email: 'replier@example.org', parentId: approvedId, body: 'Replying to Bea.' });
    await record('byName', 'pending', { ...onArticle('/s'), name: 'Ottoline Mbeki', email: 's1@example.org', body: 'Nothing to see.' });
    await record('byEmail', 'pending', { ...onArticle('/s'), email: 'quarrelsome.heron@birdmail.example', body: 'Also nothing.' });
    await record('byUrl', 'pending', { ...onArticle('/s'), email: 's3@example.org', url: 'https://velodrome-diaries.example/blog', body: 'Still nothing.' });
    await record('byBody', 'pending', { ...onArticle('/s'), email: 's4@example.org', body: 'The cobblestones near the harbour are treacherous.' });
  });
  after(() => s.close());

  const queue = async (query: string) => json<QueuePage>(await call(`/api/admin/comments?${query}`));
  const search = async (q: string, extra = '') => (await queue(`q=${encodeURIComponent(q)}&limit=200${extra}`)).comments.map((c) => c.id);

  test('status, site and article filters narrow the queue, newest first', async () => {
    const cases: Array<[string, (p: (typeof posted)[number]) => boolean]> = [
      ['limit=200', () => true],
      ['status=pending&limit=200', (p) => p.status === 'pending'],
      ['status=spam', (p) => p.status === 'spam'],
      ['status=approved', (p) => p.status === 'approved'],
      ['status=trash', () => false],
      ['site=sports', (p) => p.site === 'sports'],
      ['site=news&article=/a', (p) => p.site === 'news' && p.article === '/a'],
      ['status=pending&site=news&article=/a', (p) => p.status === 'pending' && p.site === 'news' && p.article === '/a'],
      ['article=/nothing-here', () => false],
    ];
    for (const [query, keep] of cases) {
      const page = await queue(query);
      const expected = posted.filter(keep).reverse();
      assert.deepEqual(page.comments.map((c) => c.id), expected.map((p) => p.id), query);
      assert.deepEqual(page.comments.map((c) => [c.status, c.site, c.articleKey]), expected.map((p) => [p.status, p.site, p.article]), query);
      assert.equal(page.nextCursor, null, query);
    }
    // And the database agrees about what is waiting.
    assert.equal(s.count("select count(*) as n from comments where status = 'pending'"), posted.filter((p) => p.status === 'pending').length);
  });

  test('an unknown site filter is not_found; a bad status or limit is bad_request', async () => {
    await expectError(await call('/api/admin/comments?site=nosuch'), 404, 'not_found');
    await expectError(await call('/api/admin/comments?status=maybe'), 400, 'bad_request');
    await expectError(await call('/api/admin/comments?limit=0'), 400, 'bad_request');
    await expectError(await call('/api/admin/comments?limit=201'), 400, 'bad_request');
    await expectError(await call('/api/admin/comments?cursor=%25%25'), 400, 'bad_request');
  });

  test('paging with limit=2 and nextCursor visits every comment exactly once, newest first', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: QueuePage = await queue(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.ok(page.comments.length <= 2);
      assert.ok(page.comments.length > 0, 'no empty page before the end');
      seen.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
      assert.ok(pages <= 20, 'paging ends');
    } while (cursor);
    assert.equal(pages, Math.ceil(posted.length / 2));
    assert.equal(new Set(seen).size, seen.length, `no duplicates: ${seen.join(',')}`);
    assert.deepEqual(seen, posted.map((p) => p.id).reverse());
    const inDb = s.rows<{ id: number }>('select id from comments order by created_at desc, id desc').map((r) => r.id);
    assert.deepEqual(seen, inDb);

    // The same with a filter.
    const pending: number[] = [];
    cursor = null;
    do {
      const page: QueuePage = await queue(`status=pending&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pending.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(pending, posted.filter((p) => p.status === 'pending').map((p) => p.id).reverse());
  });

  test('the queue shows moderators what the public does not see: email, anonymised IP, user agent, status, article, reasons, parent', async () => {
    const all = (await queue('limit=200')).comments;
    const byId = new Map(all.map((c) => [c.id, c]));
    const first = byId.get(ids.first ?? 0);
    assert.ok(first);
    assert.equal(first.email, 'amal@example.org');
    assert.equal(first.ip, '203.0.113.0');
    assert.equal(first.userAgent, 'QueueTest/1.0');
    assert.equal(first.status, 'pending');
    assert.equal(first.site, 'news');
    assert.equal(first.articleKey, '/a');
    assert.equal(first.articleUrl, `${ORIGIN}/a`);
    assert.deepEqual(first.reasons, ['first_comment']);
    assert.equal(first.parent, null);
    assert.equal(first.body, 'Bike lanes are great.');
    assert.equal(first.author?.name, 'Amal');

    assert.deepEqual(byId.get(ids.links ?? 0)?.reasons, ['first_comment', 'links:3']);
    assert.deepEqual(byId.get(ids.spam ?? 0)?.reasons, ['honeypot']);
    assert.equal(byId.get(ids.spam ?? 0)?.status, 'spam');
    assert.deepEqual(byId.get(ids.approved ?? 0)?.reasons, ['first_comment']);
    assert.equal(byId.get(ids.approved ?? 0)?.status, 'approved');

    const reply = byId.get(ids.reply ?? 0);
    assert.ok(reply);
    assert.equal(reply.parentId, ids.approved);
    assert.deepEqual(reply.parent, { id: ids.approved, name: 'Bea', html: '<p>Approved words.</p>', status: 'approved' });

    // The single-comment view says the same (the author history is the queue's, per page).
    const single = await json<{ comment: AdminComment }>(await call(`/api/admin/comments/${ids.first}`));
    const { authorHistory, ...rest } = first as AdminComment & { authorHistory?: unknown };
    assert.deepEqual(single.comment, rest);
    assert.ok(authorHistory);
    // Stored as the queue shows it.
    const [row] = s.rows<Json>('select email, ip, user_agent, status, reasons from comments where id = ?', ids.first);
    assert.deepEqual({ ...row }, { email: 'amal@example.org', ip: '203.0.113.0', user_agent: 'QueueTest/1.0', status: 'pending', reasons: '["first_comment"]' });
  });

  test('search finds a word in the name, the email, the url or the body, and a prefix of it', async () => {
    assert.deepEqual(await search('ottoline'), [ids.byName]);
    assert.deepEqual(await search('mbeki'), [ids.byName]);
    assert.deepEqual(await search('quarrelsome'), [ids.byEmail]);
    assert.deepEqual(await search('birdmail'), [ids.byEmail]);
    assert.deepEqual(await search('velodrome'), [ids.byUrl]);
    assert.deepEqual(await search('cobblestones'), [ids.byBody]);
    // Prefixes.
    assert.deepEqual(await search('ottol'), [ids.byName]);
    assert.deepEqual(await search('quarrel'), [ids.byEmail]);
    assert.deepEqual(await search('velo'), [ids.byUrl]);
    assert.deepEqual(await search('cobble'), [ids.byBody]);
    // Any case; every word must match.
    assert.deepEqual(await search('COBBLESTONES Harbour'), [ids.byBody]);
    assert.deepEqual(await search('cobblestones zebra'), []);
    assert.deepEqual(await search('nothing'), [ids.byUrl, ids.byEmail, ids.byName]);
    // Combined with the other filters.
    assert.deepEqual(await search('nothing', '&status=spam'), []);
    assert.deepEqual(await search('goal', '&site=sports'), [ids.sports]);
    assert.deepEqual(await search('goal', '&site=news'), []);
    assert.deepEqual(await search('zzzzunlikely'), []);
  });

  test('search text with FTS syntax is taken as plain words and never causes a 5xx', async () => {
    const tricky = [
      '"',
      '""',
      '"cobblestones',
      '*',
      'cobble*',
      '* cobble',
      'AND',
      'OR',
      'NOT',
      'cobblestones AND',
      'AND cobblestones',
      'cobblestones OR zebra',
      'NOT cobblestones',
      '(',
      ')',
      '(cobblestones',
      'NEAR',
      'NEAR(cobblestones harbour)',
      'NEAR(cobblestones harbour, 2)',
      'body_source:cobblestones',
      'email:quarrelsome',
      '{name email}: x',
      '-cobblestones',
      '^cobblestones',
      '+',
      ':',
      "'; drop table comments; --",
      '\\',
      '%',
      '_',
      '\u0001',
      'ｃｏｂｂｌｅ',
      '🚲',
    ];
    for (const q of tricky) {
      const res = await call(`/api/admin/comments?q=${encodeURIComponent(q)}`);
      const text = await res.text();
      assert.equal(res.status, 200, `q=${JSON.stringify(q)} → ${res.status} ${text}`);
      const body = JSON.parse(text) as QueuePage;
      assert.ok(Array.isArray(body.comments), q);
    }
    // Quotes and stars are dropped, not obeyed: the words still find their comment.
    assert.deepEqual(await search('"cobblestones"'), [ids.byBody]);
    assert.deepEqual(await search('cobble*'), [ids.byBody]);
    assert.deepEqual(await search('(cobblestones)'), [ids.byBody]);
    // "OR" is a word to find, not an operator: nothing has both words.
    assert.deepEqual(await search('cobblestones OR zebra'), []);
    assert.equal(s.count(), posted.length, 'nothing was dropped');
  });

  test('a search containing a NUL character is answered without a 5xx', async () => {
    for (const q of ['\u0000', 'cobble\u0000', 'a\u0000b']) {
      const res = await call(`/api/admin/comments?q=${encodeURIComponent(q)}`);
      const text = await res.text();
      assert.ok(res.status === 200 || res.status === 400, `q=${JSON.stringify(q)} → ${res.status} ${text}`);
      const body = JSON.parse(text) as QueuePage | ErrorBody;
      if (res.status === 200) assert.ok('comments' in body && Array.isArray(body.comments), text);
      else assert.ok('error' in body && body.error.code === 'bad_request', text);
    }
    assert.equal(s.count(), posted.length);
  });

  test('search stays in step when a moderator edits a comment', async () => {
    const id = ids.byBody ?? 0;
    const res = await call(`/api/admin/comments/${id}`, 'PATCH', { body: 'The tramlines by the station are slippery.', name: 'Renata' });
    assert.equal(res.status, 200);
    assert.deepEqual(await search('cobblestones'), []);
    assert.deepEqual(await search('harbour'), []);
    assert.deepEqual(await search('tramlines'), [id]);
    assert.deepEqual(await search('renata'), [id]);
    assert.equal(s.rows<{ body_source: string }>('select body_source from comments where id = ?', id)[0]?.body_source, 'The tramlines by the station are slippery.');

    const nameId = ids.byName ?? 0;
    assert.equal((await call(`/api/admin/comments/${nameId}`, 'PATCH', { name: 'Petronella' })).status, 200);
    assert.deepEqual(await search('ottoline'), []);
    assert.deepEqual(await search('petronella'), [nameId]);

    const urlId = ids.byUrl ?? 0;
    assert.equal((await call(`/api/admin/comments/${urlId}`, 'PATCH', { url: 'https://hippodrome.example/' })).status, 200);
    assert.deepEqual(await search('velodrome'), []);
    assert.deepEqual(await search('hippodrome'), [urlId]);
    s.sqlite.exec("insert into comments_fts(comments_fts) values ('integrity-check')");
  });

  test('search stays in step when a comment is deleted for good', async () => {
    const id = ids.byBody ?? 0;
    assert.equal((await call(`/api/admin/comments/${id}/spam`, 'POST')).status, 200);
    assert.deepEqual(await search('tramlines'), [id], 'a spam comment is still found');
    const res = await call(`/api/admin/comments/${id}`, 'DELETE');
    assert.equal(res.status, 204);
    assert.equal(s.count('select count(*) as n from comments where id = ?', id), 0);
    assert.deepEqual(await search('tramlines'), []);
    assert.deepEqual(await search('renata'), []);
    assert.equal(s.count("select count(*) as n from comments_fts where comments_fts match 'tramlines'"), 0);
    s.sqlite.exec("insert into comments_fts(comments_fts) values ('integrity-check')");
  });
});

describe('status actions and the audit log', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  let moderatorId: number;
  let id: number;
  const ARTICLE = '/act';
  before(async () => {
    s = await startService();
    ({ call, moderatorId } = await moderatorClient(s));
    id = await add(s, { ...onArticle(ARTICLE), email: 'pat@example.org', body: 'Please approve me.' });
  });
  after(() => s.close());

  const steps: Array<[action: string, from: string, to: string, visible: boolean]> = [
    ['approve', 'pending', 'approved', true],
    ['unapprove', 'approved', 'pending', false],
    ['spam', 'pending', 'spam', false],
    ['restore', 'spam', 'pending', false],
    ['trash', 'pending', 'trash', false],
    ['restore', 'trash', 'pending', false],
    ['approve', 'pending', 'approved', true],
    ['spam', 'approved', 'spam', false],
    ['approve', 'spam', 'approved', true],
    ['trash', 'approved', 'trash', false],
    ['approve', 'trash', 'approved', true],
    ['trash', 'approved', 'trash', false],
    ['spam', 'trash', 'spam', false],
    ['trash', 'spam', 'trash', false],
  ];

  for (const [action, from, to, visible] of steps) {
    test(`${action} moves a ${from} comment to ${to}, ${visible ? 'shows it' : 'keeps it out of'} the public thread at once, and is audited`, async () => {
      assert.equal(statusOf(s, id), from);
      s.clock.now += 1000;
      const auditsBefore = audits(s);
      const body = await json<{ comment: AdminComment }>(await call(`/api/admin/comments/${id}/${action}`, 'POST'));
      assert.equal(body.comment.id, id);
      assert.equal(body.comment.status, to);
      assert.equal(statusOf(s, id), to);

      const publicThread = await thread(s, ARTICLE);
      assert.equal(flatten(publicThread.comments).some((c) => c.id === id), visible);
      assert.equal(publicThread.article.count, visible ? 1 : 0);
      assert.equal(await publicCount(s, ARTICLE), visible ? 1 : 0);

      assert.equal(audits(s), auditsBefore + 1);
      const [row] = s.rows<Json>('select actor_type, actor_id, actor_name, action, comment_id, from_status, to_status, at from audit_log order by id desc limit 1');
      assert.deepEqual({ ...row }, {
        actor_type: 'moderator',
        actor_id: moderatorId,
        actor_name: 'Mo Derator',
        action,
        comment_id: id,
        from_status: from,
        to_status: to,
        at: s.clock.now,
      });
      const { entries } = await json<AuditPage>(await call('/api/admin/audit?limit=1'));
      const [entry] = entries;
      assert.ok(entry);
      assert.deepEqual(
        { actor: entry.actor, action: entry.action, commentId: entry.commentId, fromStatus: entry.fromStatus, toStatus: entry.toStatus, at: entry.at },
        {
          actor: { type: 'moderator', id: moderatorId, name: 'Mo Derator' },
          action,
          commentId: id,
          fromStatus: from,
          toStatus: to,
          at: new Date(s.clock.now).toISOString(),
        },
      );
    });
  }

  test('GET /api/admin/audit lists every change newest first and pages with nextCursor', async () => {
    const entries: AuditEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = await json<AuditPage>(await call(`/api/admin/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      assert.ok(page.entries.length <= 3);
      entries.push(...page.entries);
      cursor = page.nextCursor;
      pages++;
      assert.ok(pages <= 20);
    } while (cursor);
    assert.equal(entries.length, steps.length);
    assert.equal(pages, Math.ceil(steps.length / 3));
    assert.deepEqual(entries.map((e) => [e.action, e.fromStatus, e.toStatus]), steps.map(([a, f, t]) => [a, f, t]).reverse());
    const dbIds = s.rows<{ id: number }>('select id from audit_log order by id desc').map((r) => r.id);
    assert.deepEqual(entries.map((e) => e.id), dbIds);
    for (let i = 1; i < entries.length; i++) {
      assert.ok(Date.parse(entries[i - 1]?.at ?? '') > Date.parse(entries[i]?.at ?? ''), 'newest first');
    }
    await expectError(await call('/api/admin/audit?cursor=abc'), 400, 'bad_request');
  });

  test('an action that does not apply to the status is forbidden and changes nothing', async () => {
    const approved = await add(s, { ...onArticle(ARTICLE), email: 'pat@example.org', body: 'A second one.' });
    assert.equal((await call(`/api/admin/comments/${approved}/approve`, 'POST')).status, 200);
    const spam = await add(s, { ...onArticle(ARTICLE), email: 'spammy@example.org', body: 'Spam.', homepage: 'x' });
    const trash = await add(s, { ...onArticle(ARTICLE), email: 'trashy@example.org', body: 'Trash.' });
    assert.equal((await call(`/api/admin/comments/${trash}/trash`, 'POST')).status, 200);
    const cases: Array<[number, string, string]> = [
      [approved, 'restore', 'approved'],
      [spam, 'unapprove', 'spam'],
      [trash, 'unapprove', 'trash'],
    ];
    for (const [target, action, status] of cases) {
      const before = audits(s);
      await expectError(await call(`/api/admin/comments/${target}/${action}`, 'POST'), 403, 'forbidden');
      assert.equal(statusOf(s, target), status, `${action} on ${status}`);
      assert.equal(audits(s), before);
    }
  });

  test('unapproving a comment that is still pending is forbidden and changes nothing', async () => {
    const pending = await add(s, { ...onArticle(ARTICLE), email: 'newcomer@example.org', body: 'Still waiting.' });
    const before = audits(s);
    await expectError(await call(`/api/admin/comments/${pending}/unapprove`, 'POST'), 403, 'forbidden');
    assert.equal(statusOf(s, pending), 'pending');
    assert.equal(audits(s), before);
  });

  test('an unknown action is not_found and changes nothing', async () => {
    const before = audits(s);
    await expectError(await call(`/api/admin/comments/${id}/publish`, 'POST'), 404, 'not_found');
    assert.equal(statusOf(s, id), 'trash');
    assert.equal(audits(s), before);
  });

  test("approving an author's first comment lets their next comment through at once (first-time rule)", async () => {
    const first = await add(s, { ...onArticle('/first-time'), email: 'Newbie@example.org', body: 'Hello, first time here.' });
    assert.equal(statusOf(s, first), 'pending');
    // Before approval, a second comment still waits.
    const waiting = await s.post({ ...onArticle('/first-time'), email: 'newbie@example.org', body: 'Anyone there?' });
    assert.equal((await json<{ comment: { status: string } }>(waiting, 201)).comment.status, 'pending');
    s.later();
    assert.equal((await call(`/api/admin/comments/${first}/approve`, 'POST')).status, 200);
    const next = await s.post({ ...onArticle('/first-time'), email: 'newbie@example.org', body: 'Thanks for approving.' });
    const body = await json<{ comment: { id: number; status: string } }>(next, 201);
    assert.equal(body.comment.status, 'approved');
    assert.equal(statusOf(s, body.comment.id), 'approved');
    assert.deepEqual(
      flatten((await thread(s, '/first-time')).comments).map((c) => c.id),
      [first, body.comment.id],
    );
    s.later();
  });
});

describe('PATCH /api/admin/comments/{id}: moderator edits', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  let id: number;
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
    id = await add(s, { ...onArticle('/edit'), name: 'Orig', email: 'orig@example.org', url: 'https://orig.example/', body: 'Original *text*.' });
    assert.equal((await call(`/api/admin/comments/${id}/approve`, 'POST')).status, 200);
  });
  after(() => s.close());

  test('an edit of body, name and url re-renders the HTML, sets editedAt, shows publicly and is audited as "edit"', async () => {
    s.clock.now += 5000;
    const res = await call(`/api/admin/comments/${id}`, 'PATCH', {
      body: 'Now **bold**, see https://ref.example/page <script>alert(1)</script>',
      name: 'Edited Name',
      url: 'https://edited.example/me',
    });
    const { comment } = await json<{ comment: AdminComment }>(res);
    assert.match(comment.html, /<strong>bold<\/strong>/);
    assert.match(comment.html, /<a href="https:\/\/ref\.example\/page"[^>]*rel="nofollow ugc noopener"/);
    assert.ok(!comment.html.includes('<script>'), comment.html);
    assert.equal(comment.body, 'Now **bold**, see https://ref.example/page <script>alert(1)</script>');
    assert.equal(comment.author?.name, 'Edited Name');
    assert.equal(comment.author?.url, 'https://edited.example/me');
    assert.equal(comment.editedAt, new Date(s.clock.now).toISOString());
    assert.equal(comment.status, 'approved');

    const [row] = s.rows<Json>('select name, url, body_source, html, edited_at, status from comments where id = ?', id);
    assert.deepEqual({ ...row }, {
      name: 'Edited Name',
      url: 'https://edited.example/me',
      body_source: 'Now **bold**, see https://ref.example/page <script>alert(1)</script>',
      html: comment.html,
      edited_at: s.clock.now,
      status: 'approved',
    });

    const [shown] = (await thread(s, '/edit')).comments;
    assert.equal(shown?.html, comment.html);
    assert.equal(shown?.author?.name, 'Edited Name');
    assert.equal(shown?.editedAt, comment.editedAt);

    const { entries } = await json<AuditPage>(await call('/api/admin/audit?limit=1'));
    assert.equal(entries[0]?.action, 'edit');
    assert.equal(entries[0]?.commentId, id);
    assert.equal(entries[0]?.fromStatus, 'approved');
    assert.equal(entries[0]?.toStatus, 'approved');
    assert.deepEqual(entries[0]?.detail, { fields: ['body', 'name', 'url'] });
  });

  test('an invalid url, an empty body or an empty edit is validation_failed and changes nothing', async () => {
    const before = JSON.stringify(s.rows('select * from comments where id = ?', id));
    const auditsBefore = audits(s);
    const cases: Array<[Json, string | null]> = [
      [{ url: 'javascript:alert(1)' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://files.example/' }, 'url'],
      [{ body: '   ' }, 'body'],
      [{ name: '' }, 'name'],
      [{ body: 'fine', url: 'javascript:alert(1)' }, 'url'],
      [{}, null],
    ];
    for (const [edit, field] of cases) {
      const body = await expectError(await call(`/api/admin/comments/${id}`, 'PATCH', edit), 422, 'validation_failed');
      if (field) assert.ok(body.error.fields?.[field], `${JSON.stringify(edit)} → ${JSON.stringify(body)}`);
    }
    assert.equal(JSON.stringify(s.rows('select * from comments where id = ?', id)), before);
    assert.equal(audits(s), auditsBefore);
  });

  test('an empty url removes the website', async () => {
    const { comment } = await json<{ comment: AdminComment }>(await call(`/api/admin/comments/${id}`, 'PATCH', { url: '' }));
    assert.equal(comment.author?.url, null);
    assert.equal(s.rows<{ url: string | null }>('select url from comments where id = ?', id)[0]?.url, null);
  });
});

describe('DELETE /api/admin/comments/{id}: permanent deletes', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
  });
  after(() => s.close());

  test('a pending or approved comment cannot be deleted for good: 403 and the row stays', async () => {
    const pending = await add(s, { ...onArticle('/d'), email: 'p@example.org', body: 'Pending.' });
    const approved = await s.postApproved({ ...onArticle('/d'), email: 'a@example.org', body: 'Approved.' });
    for (const [target, status] of [[pending, 'pending'], [approved, 'approved']] as const) {
      const before = audits(s);
      await expectError(await call(`/api/admin/comments/${target}`, 'DELETE'), 403, 'forbidden');
      assert.equal(statusOf(s, target), status);
      assert.equal(audits(s), before);
    }
  });

  test('a comment in spam or trash is deleted for good: 204, the row is gone and the delete is audited', async () => {
    const spam = await add(s, { ...onArticle('/d'), email: 'bot@example.org', body: 'Spam.', homepage: 'x' });
    const trash = await add(s, { ...onArticle('/d'), email: 't@example.org', body: 'Trash me.' });
    assert.equal((await call(`/api/admin/comments/${trash}/trash`, 'POST')).status, 200);
    for (const [target, from] of [[spam, 'spam'], [trash, 'trash']] as const) {
      const res = await call(`/api/admin/comments/${target}`, 'DELETE');
      assert.equal(res.status, 204);
      assert.equal(await res.text(), '');
      assert.equal(s.count('select count(*) as n from comments where id = ?', target), 0);
      const [row] = s.rows<Json>('select action, comment_id, from_status, to_status from audit_log order by id desc limit 1');
      assert.deepEqual({ ...row }, { action: 'delete', comment_id: target, from_status: from, to_status: null });
      await expectError(await call(`/api/admin/comments/${target}`), 404, 'not_found');
      await expectError(await call(`/api/admin/comments/${target}`, 'DELETE'), 404, 'not_found');
    }
  });

  test("the replies of a comment deleted for good move up to its parent", async () => {
    const top = await s.postApproved({ ...onArticle('/tree'), email: 'top@example.org', body: 'Top.' });
    const middle = await s.postApproved({ ...onArticle('/tree'), email: 'middle@example.org', parentId: top, body: 'Middle.' });
    const leaf = await s.postApproved({ ...onArticle('/tree'), email: 'leaf@example.org', parentId: middle, body: 'Leaf.' });
    const leaf2 = await s.postApproved({ ...onArticle('/tree'), email: 'leaf2@example.org', parentId: leaf, body: 'Leaf two.' });
    assert.equal((await call(`/api/admin/comments/${middle}/spam`, 'POST')).status, 200);
    assert.equal((await call(`/api/admin/comments/${middle}`, 'DELETE')).status, 204);

    const rows = s.rows<{ id: number; parent_id: number | null; depth: number }>('select id, parent_id, depth from comments where id in (?, ?, ?) order by id', top, leaf, leaf2);
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { id: top, parent_id: null, depth: 1 },
      { id: leaf, parent_id: top, depth: 2 },
      { id: leaf2, parent_id: leaf, depth: 3 },
    ]);
    const publicThread = await thread(s, '/tree');
    assert.equal(publicThread.comments.length, 1);
    assert.equal(publicThread.comments[0]?.id, top);
    assert.deepEqual(publicThread.comments[0]?.replies.map((r) => r.id), [leaf]);
    assert.deepEqual(publicThread.comments[0]?.replies[0]?.replies.map((r) => r.id), [leaf2]);
    assert.equal(publicThread.article.count, 3);

    // A top-level comment's replies become top-level.
    assert.equal((await call(`/api/admin/comments/${top}/trash`, 'POST')).status, 200);
    assert.equal((await call(`/api/admin/comments/${top}`, 'DELETE')).status, 204);
    const [moved] = s.rows<{ parent_id: number | null; depth: number }>('select parent_id, depth from comments where id = ?', leaf);
    assert.deepEqual({ ...moved }, { parent_id: null, depth: 1 });
    const after = await thread(s, '/tree');
    assert.deepEqual(after.comments.map((c) => c.id), [leaf]);
    assert.equal(after.comments[0]?.parentId, null);
    assert.deepEqual(after.comments[0]?.replies.map((r) => r.id), [leaf2]);
  });
});

describe('POST /api/admin/comments/bulk', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
  });
  after(() => s.close());

  test('each id gets its own result: legal ones are applied, a missing id is not_found, an illegal transition is forbidden', async () => {
    const spam = await add(s, { ...onArticle('/bulk'), email: 'b1@example.org', body: 'One.', homepage: 'x' });
    const trash = await add(s, { ...onArticle('/bulk'), email: 'b2@example.org', body: 'Two.' });
    assert.equal((await call(`/api/admin/comments/${trash}/trash`, 'POST')).status, 200);
    const approved = await s.postApproved({ ...onArticle('/bulk'), email: 'b3@example.org', body: 'Three.' });
    const auditsBefore = audits(s);

    const { results } = await json<{ results: BulkResult[] }>(
      await call('/api/admin/comments/bulk', 'POST', { ids: [spam, 999_999, approved, trash, spam], action: 'restore' }),
    );
    assert.equal(results.length, 4, 'one result per distinct id');
    const byId = new Map(results.map((r) => [r.id, r]));
    assert.deepEqual(byId.get(spam), { id: spam, ok: true, status: 'pending' });
    assert.deepEqual(byId.get(trash), { id: trash, ok: true, status: 'pending' });
    assert.equal(byId.get(999_999)?.ok, false);
    assert.equal(byId.get(999_999)?.error?.code, 'not_found');
    assert.equal(byId.get(approved)?.ok, false);
    assert.equal(byId.get(approved)?.error?.code, 'forbidden');

    assert.equal(statusOf(s, spam), 'pending');
    assert.equal(statusOf(s, trash), 'pending');
    assert.equal(statusOf(s, approved), 'approved');
    assert.equal(audits(s), auditsBefore + 2);
    const rows = s.rows<Json>("select comment_id, action, from_status, to_status from audit_log where action = 'restore' order by comment_id");
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { comment_id: spam, action: 'restore', from_status: 'spam', to_status: 'pending' },
      { comment_id: trash, action: 'restore', from_status: 'trash', to_status: 'pending' },
    ].sort((a, b) => a.comment_id - b.comment_id));
  });

  test('bulk approve shows the comments publicly at once', async () => {
    const a = await add(s, { ...onArticle('/bulk2'), email: 'x1@example.org', body: 'X1.' });
    const b = await add(s, { ...onArticle('/bulk2'), email: 'x2@example.org', body: 'X2.' });
    const { results } = await json<{ results: BulkResult[] }>(await call('/api/admin/comments/bulk', 'POST', { ids: [a, b], action: 'approve' }));
    assert.deepEqual(results, [
      { id: a, ok: true, status: 'approved' },
      { id: b, ok: true, status: 'approved' },
    ]);
    assert.deepEqual(flatten((await thread(s, '/bulk2')).comments).map((c) => c.id), [a, b]);
    assert.equal(await publicCount(s, '/bulk2'), 2);
  });

  test('bulk delete removes only comments in spam or trash', async () => {
    const spam = await add(s, { ...onArticle('/bulk3'), email: 'd1@example.org', body: 'D1.', homepage: 'x' });
    const pending = await add(s, { ...onArticle('/bulk3'), email: 'd2@example.org', body: 'D2.' });
    const { results } = await json<{ results: BulkResult[] }>(await call('/api/admin/comments/bulk', 'POST', { ids: [spam, pending], action: 'delete' }));
    assert.deepEqual(results[0], { id: spam, ok: true, status: 'deleted' });
    assert.equal(results[1]?.ok, false);
    assert.equal(results[1]?.error?.code, 'forbidden');
    assert.equal(s.count('select count(*) as n from comments where id = ?', spam), 0);
    assert.equal(statusOf(s, pending), 'pending');
  });

  test('no ids, more than 500 ids, a bad id or an unknown action is validation_failed and changes nothing', async () => {
    const target = await add(s, { ...onArticle('/bulk4'), email: 'v@example.org', body: 'V.' });
    const before = JSON.stringify(s.rows('select id, status from comments order by id'));
    const auditsBefore = audits(s);
    const tooMany = Array.from({ length: 501 }, (_, i) => (i === 0 ? target : 100_000 + i));
    const cases: Array<[Json, string]> = [
      [{ ids: [], action: 'approve' }, 'ids'],
      [{ ids: tooMany, action: 'approve' }, 'ids'],
      [{ ids: [target], action: 'publish' }, 'action'],
      [{ ids: [target] }, 'action'],
      [{ action: 'approve' }, 'ids'],
      [{ ids: [String(target)], action: 'approve' }, 'ids'],
      [{ ids: [-1], action: 'approve' }, 'ids'],
      [{ ids: [1.5], action: 'approve' }, 'ids'],
    ];
    for (const [payload, field] of cases) {
      const body = await expectError(await call('/api/admin/comments/bulk', 'POST', payload), 422, 'validation_failed');
      assert.ok(body.error.fields?.[field], `${JSON.stringify(payload).slice(0, 80)} → ${JSON.stringify(body)}`);
    }
    assert.equal(JSON.stringify(s.rows('select id, status from comments order by id')), before);
    assert.equal(audits(s), auditsBefore);

    // Exactly 500 is allowed.
    const fiveHundred = tooMany.slice(0, 500);
    const { results } = await json<{ results: BulkResult[] }>(await call('/api/admin/comments/bulk', 'POST', { ids: fiveHundred, action: 'approve' }));
    assert.equal(results.length, 500);
    assert.deepEqual(results[0], { id: target, ok: true, status: 'approved' });
    assert.equal(results.filter((r) => !r.ok && r.error?.code === 'not_found').length, 499);
    assert.equal(statusOf(s, target), 'approved');
  });
});

describe('POST /api/admin/comments/{id}/reply: moderator replies', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
  });
  after(() => s.close());

  test("a reply is approved at once and shown publicly as the moderator's, with their name and never their email", async () => {
    const parent = await s.postApproved({ ...onArticle('/r'), name: 'Reader', email: 'reader@example.org', body: 'A question?' });
    const res = await call(`/api/admin/comments/${parent}/reply`, 'POST', { body: 'Thanks, *noted*.' });
    const { comment } = await json<{ comment: AdminComment }>(res, 201);
    assert.equal(comment.status, 'approved');
    assert.equal(comment.parentId, parent);
    assert.equal(comment.author?.moderator, true);
    assert.equal(comment.author?.name, 'Mo Derator');
    assert.equal(comment.html, '<p>Thanks, <em>noted</em>.</p>');

    const [row] = s.rows<Json>('select status, moderator, parent_id, depth, name, body_source from comments where id = ?', comment.id);
    assert.deepEqual({ ...row }, { status: 'approved', moderator: 1, parent_id: parent, depth: 2, name: 'Mo Derator', body_source: 'Thanks, *noted*.' });
    const [audit] = s.rows<Json>('select action, comment_id, to_status, actor_name from audit_log order by id desc limit 1');
    assert.deepEqual({ ...audit }, { action: 'reply', comment_id: comment.id, to_status: 'approved', actor_name: 'Mo Derator' });

    const res2 = await s.request('/api/comments?site=news&article=/r');
    const text = await res2.text();
    const publicThread = JSON.parse(text) as ThreadBody;
    const [shownParent] = publicThread.comments;
    assert.equal(shownParent?.id, parent);
    const [shownReply] = shownParent?.replies ?? [];
    assert.equal(shownReply?.id, comment.id);
    assert.equal(shownReply?.author?.moderator, true);
    assert.equal(shownReply?.author?.name, 'Mo Derator');
    assert.equal(shownParent?.author?.moderator, false);
    assert.ok(!text.toLowerCase().includes('mod@example.org'), text);
    assert.ok(!text.includes('"email"'), text);
    assert.equal(publicThread.article.count, 2);
  });

  test('replying to a pending comment approves it, and both are shown', async () => {
    const pending = await add(s, { ...onArticle('/r2'), name: 'Asker', email: 'asker@example.org', body: 'Is this held?' });
    assert.equal(statusOf(s, pending), 'pending');
    const { comment } = await json<{ comment: AdminComment }>(await call(`/api/admin/comments/${pending}/reply`, 'POST', { body: 'It was; now it is not.' }), 201);
    assert.equal(statusOf(s, pending), 'approved');
    assert.equal(statusOf(s, comment.id), 'approved');
    const rows = s.rows<Json>('select action, comment_id, from_status, to_status from audit_log order by id desc limit 2');
    assert.deepEqual(rows.map((r) => ({ ...r })), [
      { action: 'reply', comment_id: comment.id, from_status: null, to_status: 'approved' },
      { action: 'approve', comment_id: pending, from_status: 'pending', to_status: 'approved' },
    ]);
    const publicThread = await thread(s, '/r2');
    assert.deepEqual(publicThread.comments.map((c) => c.id), [pending]);
    assert.deepEqual(publicThread.comments[0]?.replies.map((c) => c.id), [comment.id]);
  });

  test('replying to a comment in spam or trash, or with an empty body, is validation_failed and stores nothing', async () => {
    const spam = await add(s, { ...onArticle('/r3'), email: 'bot@example.org', body: 'Spam.', homepage: 'x' });
    const trash = await add(s, { ...onArticle('/r3'), email: 'old@example.org', body: 'Old.' });
    assert.equal((await call(`/api/admin/comments/${trash}/trash`, 'POST')).status, 200);
    const approved = await s.postApproved({ ...onArticle('/r3'), email: 'ok@example.org', body: 'Fine.' });
    const before = s.count();
    const auditsBefore = audits(s);
    for (const target of [spam, trash]) {
      const body = await expectError(await call(`/api/admin/comments/${target}/reply`, 'POST', { body: 'Hello?' }), 422, 'validation_failed');
      assert.ok(body.error.fields?.parentId, JSON.stringify(body));
    }
    const empty = await expectError(await call(`/api/admin/comments/${approved}/reply`, 'POST', { body: '  ' }), 422, 'validation_failed');
    assert.ok(empty.error.fields?.body);
    assert.equal(s.count(), before);
    assert.equal(statusOf(s, spam), 'spam');
    assert.equal(statusOf(s, trash), 'trash');
    assert.equal(audits(s), auditsBefore);
  });
});

describe('GET /api/admin/stats', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
    await s.store.saveSite('sports', siteSettingsSchema.parse({ origins: [SPORTS] }), s.clock.now);
    await s.store.saveSite('empty', siteSettingsSchema.parse({}), s.clock.now);
  });
  after(() => s.close());

  test('counts per site and status, and the totals, match what was posted and what the database holds', async () => {
    await add(s, { ...onArticle('/s1'), email: 'p1@example.org', body: 'P1.' });
    await add(s, { ...onArticle('/s2'), email: 'p2@example.org', body: 'P2.' });
    await s.postApproved({ ...onArticle('/s1'), email: 'a1@example.org', body: 'A1.' });
    await add(s, { ...onArticle('/s1'), email: 'sp@example.org', body: 'SP.', homepage: 'x' });
    const trash = await add(s, { ...onArticle('/s1'), email: 't1@example.org', body: 'T1.' });
    assert.equal((await call(`/api/admin/comments/${trash}/trash`, 'POST')).status, 200);
    await add(s, { ...onArticle('/x', 'sports'), email: 'sp1@example.org', body: 'Sports pending.' });
    await s.postApproved({ ...onArticle('/x', 'sports'), email: 'sp2@example.org', body: 'Sports approved.' });

    const stats = await json<{ sites: Record<string, Stats>; totals: Stats }>(await call('/api/admin/stats'));
    const perSite: Record<string, Stats> = stats.sites;
    assert.deepEqual(stats, {
      sites: {
        empty: { pending: 0, approved: 0, spam: 0, trash: 0, total: 0 },
        news: { pending: 2, approved: 1, spam: 1, trash: 1, total: 5 },
        sports: { pending: 1, approved: 1, spam: 0, trash: 0, total: 2 },
      },
      totals: { pending: 3, approved: 2, spam: 1, trash: 1, total: 7 },
    });
    const rows = s.rows<{ slug: string; status: keyof Stats; n: number }>(
      'select s.slug, c.status, count(*) as n from comments c join articles a on a.id = c.article_id join sites s on s.id = a.site_id where c.deleted = 0 group by s.slug, c.status',
    );
    for (const row of rows) assert.equal(perSite[row.slug]?.[row.status], row.n, `${row.slug} ${row.status}`);
    assert.equal(stats.totals.total, s.count());
  });
});

describe('GET and PUT /api/admin/sites/{site}', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  const settingsOf = (slug: string) => s.rows<{ settings: string }>('select settings from sites where slug = ?', slug)[0]?.settings;
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
  });
  after(() => s.close());

  test("GET answers the site's settings and its webhook secret (whsec_…), the same one each time", async () => {
    const view = await json<SiteView>(await call('/api/admin/sites/news'));
    assert.equal(view.site, 'news');
    // The contract's settings with their defaults (the site may carry more settings than these).
    const contractKeys = ['origins', 'approval', 'maxLinks', 'moderationKeys', 'disallowedKeys', 'maxDepth', 'closeAfterDays', 'editWindowMinutes', 'floodSeconds', 'requireNameEmail', 'notify'];
    assert.deepEqual(Object.fromEntries(contractKeys.map((k) => [k, view.settings[k]])), {
      origins: [ORIGIN],
      approval: 'first-time',
      maxLinks: 2,
      moderationKeys: [],
      disallowedKeys: [],
      maxDepth: 5,
      closeAfterDays: null,
      editWindowMinutes: 15,
      floodSeconds: 15,
      requireNameEmail: true,
      notify: {},
    });
    assert.match(view.webhookSecret ?? '', /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from((view.webhookSecret ?? '').slice('whsec_'.length), 'base64').length, 32);
    assert.equal(s.rows<{ webhook_secret: string }>("select webhook_secret from sites where slug = 'news'")[0]?.webhook_secret, view.webhookSecret);
    const again = await json<SiteView>(await call('/api/admin/sites/news'));
    assert.equal(again.webhookSecret, view.webhookSecret);
    const list = await json<{ sites: SiteView[] }>(await call('/api/admin/sites'));
    assert.deepEqual(list.sites.map((v) => v.site), ['news']);
  });

  test('GET of a site changes nothing in the database, the first read included', async () => {
    const { sqlite } = s;
    // Every table but the sign-in bookkeeping (a token's last use) and D1's own (_cf_…), row by row.
    const snapshot = () => {
      const tables = s.rows<{ name: string }>(
        "select name from sqlite_master where type = 'table' and name not in ('api_tokens', 'sessions', 'login_attempts') and name not like '\\_cf\\_%' escape '\\' order by name",
      );
      return JSON.stringify(tables.map(({ name }) => [name, sqlite.prepare(`select * from "${name}"`).all()]));
    };
    await call('/api/admin/sites/fresh', 'PUT', { origins: [SPORTS] });
    const secret = s.rows<{ webhook_secret: string | null }>("select webhook_secret from sites where slug = 'fresh'")[0]?.webhook_secret;
    assert.match(secret ?? '', /^whsec_/, 'a new site has its secret from the start');
    // A site from before secrets were made with the site: GET shows it has none, and still makes none.
    sqlite.prepare("update sites set webhook_secret = null where slug = 'fresh'").run();
    const before = snapshot();
    for (const slug of ['fresh', 'news', 'fresh']) await json<SiteView>(await call(`/api/admin/sites/${slug}`));
    assert.equal((await json<SiteView>(await call('/api/admin/sites/fresh'))).webhookSecret, null);
    await json<{ sites: SiteView[] }>(await call('/api/admin/sites'));
    assert.equal(snapshot(), before);
    // The next save gives it one, and keeps it after.
    const saved = await json<SiteView>(await call('/api/admin/sites/fresh', 'PUT', { origins: [SPORTS], notify: { webhook: 'https://hooks.example.org/p' } }));
    assert.match(saved.webhookSecret ?? '', /^whsec_/);
    const again = await json<SiteView>(await call('/api/admin/sites/fresh', 'PUT', { origins: [SPORTS] }));
    assert.equal(again.webhookSecret, saved.webhookSecret);
    sqlite.prepare("delete from audit_log where site_id = (select id from sites where slug = 'fresh')").run();
    sqlite.prepare("delete from sites where slug = 'fresh'").run();
  });

  test('GET of an unknown site is not_found and creates nothing', async () => {
    await expectError(await call('/api/admin/sites/nosuch'), 404, 'not_found');
    assert.equal(s.count("select count(*) as n from sites where slug = 'nosuch'"), 0);
  });

  test('PUT of a new site creates it (201), audited, and public posts from its origin then work', async () => {
    const res = await call('/api/admin/sites/sports', 'PUT', { origins: [SPORTS], approval: 'none' });
    const view = await json<SiteView>(res, 201);
    assert.equal(view.site, 'sports');
    assert.deepEqual(view.settings.origins, [SPORTS]);
    assert.equal(view.settings.approval, 'none');
    assert.equal(view.settings.maxLinks, 2, 'missing settings take the defaults');
    assert.match(view.webhookSecret ?? '', /^whsec_/);
    const stored = JSON.parse(settingsOf('sports') ?? 'null') as SiteView['settings'];
    assert.deepEqual(stored.origins, [SPORTS]);
    assert.equal(stored.approval, 'none');
    const [audit] = s.rows<Json>('select action, actor_name from audit_log order by id desc limit 1');
    assert.deepEqual({ ...audit }, { action: 'site.create', actor_name: 'Mo Derator' });

    const post = await s.post({ ...onArticle('/match', 'sports'), email: 'fan@example.org', body: 'What a match.' }, { Origin: SPORTS });
    const body = await json<{ comment: { id: number; status: string } }>(post, 201);
    assert.equal(body.comment.status, 'approved');
    assert.equal(post.headers.get('access-control-allow-origin'), SPORTS);
    assert.equal(statusOf(s, body.comment.id), 'approved');
    // news's origin is not one of sports's.
    await expectError(await s.post({ ...onArticle('/match', 'sports'), email: 'fan2@example.org', body: 'Hi.' }, { Origin: ORIGIN }), 403, 'forbidden');
    s.later();
  });

  test('PUT of an existing site replaces its settings (200)', async () => {
    const secretBefore = s.rows<{ webhook_secret: string }>("select webhook_secret from sites where slug = 'sports'")[0]?.webhook_secret;
    const view = await json<SiteView>(await call('/api/admin/sites/sports', 'PUT', { origins: [SPORTS, 'https://m.sports.example.org'], maxLinks: 0 }));
    assert.deepEqual(view.settings.origins, [SPORTS, 'https://m.sports.example.org']);
    assert.equal(view.settings.maxLinks, 0);
    assert.equal(view.settings.approval, 'first-time', 'a setting left out goes back to its default');
    assert.equal(view.webhookSecret, secretBefore);
    const stored = JSON.parse(settingsOf('sports') ?? 'null') as SiteView['settings'];
    assert.equal(stored.maxLinks, 0);
    assert.equal(stored.approval, 'first-time');
    assert.equal(s.count("select count(*) as n from sites where slug = 'sports'"), 1);
    const [audit] = s.rows<Json>('select action from audit_log order by id desc limit 1');
    assert.equal(audit?.action, 'site.update');
  });

  test('PUT with an unknown key, a bad origin, maxLinks -1 or approval "maybe" is validation_failed and changes nothing', async () => {
    const before = settingsOf('news');
    const sitesBefore = s.count('select count(*) as n from sites');
    const auditsBefore = audits(s);
    const cases: Array<[Json, string | null]> = [
      [{ origins: [ORIGIN], moderate: true }, null],
      [{ origins: ['not an origin'] }, 'origins'],
      [{ origins: ['https://news.example.org/path'] }, 'origins'],
      [{ origins: ['javascript:alert(1)'] }, 'origins'],
      [{ origins: [ORIGIN], maxLinks: -1 }, 'maxLinks'],
      [{ origins: [ORIGIN], approval: 'maybe' }, 'approval'],
      [{ origins: [ORIGIN], maxDepth: 0 }, 'maxDepth'],
      [{ origins: [ORIGIN], notify: { webhook: 'javascript:alert(1)' } }, 'notify.webhook'],
      [{ origins: [ORIGIN], notify: { email: 'not an address' } }, 'notify.email'],
    ];
    for (const [payload, field] of cases) {
      for (const slug of ['news', 'brandnew']) {
        const body = await expectError(await call(`/api/admin/sites/${slug}`, 'PUT', payload), 422, 'validation_failed');
        const fields = body.error.fields ?? {};
        assert.ok(Object.keys(fields).length > 0, JSON.stringify(body));
        if (field) assert.ok(fields[field], `${JSON.stringify(payload)} → ${JSON.stringify(body)}`);
      }
    }
    assert.equal(settingsOf('news'), before);
    assert.equal(s.count('select count(*) as n from sites'), sitesBefore);
    assert.equal(s.count("select count(*) as n from sites where slug = 'brandnew'"), 0);
    assert.equal(audits(s), auditsBefore);
  });

  test('a settings change takes effect on the next public post', async () => {
    const held = await s.post({ ...onArticle('/effect'), email: 'one@example.org', body: 'First.' });
    assert.equal((await json<{ comment: { status: string } }>(held, 201)).comment.status, 'pending');
    s.later();
    assert.equal((await call('/api/admin/sites/news', 'PUT', { origins: [ORIGIN], approval: 'none' })).status, 200);
    const through = await s.post({ ...onArticle('/effect'), email: 'two@example.org', body: 'Second.' });
    const body = await json<{ comment: { id: number; status: string } }>(through, 201);
    assert.equal(body.comment.status, 'approved');
    assert.equal(statusOf(s, body.comment.id), 'approved');
    s.later();
    assert.equal((await call('/api/admin/sites/news', 'PUT', { origins: [ORIGIN], approval: 'all' })).status, 200);
    const all = await s.post({ ...onArticle('/effect'), email: 'two@example.org', body: 'Third.' });
    const third = await json<{ comment: { id: number; status: string } }>(all, 201);
    assert.equal(third.comment.status, 'pending');
    assert.equal(s.rows<{ reasons: string }>('select reasons from comments where id = ?', third.comment.id)[0]?.reasons, '["manual_approval"]');
    s.later();
  });
});

describe('unknown comments', () => {
  let s: Service;
  let call: Awaited<ReturnType<typeof moderatorClient>>['call'];
  before(async () => {
    s = await startService();
    ({ call } = await moderatorClient(s));
    await add(s, { email: 'only@example.org', body: 'The only comment.' });
  });
  after(() => s.close());

  test('every comment route answers 404 not_found for an id that does not exist, and changes nothing', async () => {
    const before = JSON.stringify(s.rows('select * from comments'));
    const requests: Array<[string, string, Json | undefined]> = [
      ['GET', '/api/admin/comments/999999', undefined],
      ['PATCH', '/api/admin/comments/999999', { body: 'New text.' }],
      ['DELETE', '/api/admin/comments/999999', undefined],
      ['POST', '/api/admin/comments/999999/approve', undefined],
      ['POST', '/api/admin/comments/999999/unapprove', undefined],
      ['POST', '/api/admin/comments/999999/spam', undefined],
      ['POST', '/api/admin/comments/999999/trash', undefined],
      ['POST', '/api/admin/comments/999999/restore', undefined],
      ['POST', '/api/admin/comments/999999/reply', { body: 'Hello?' }],
      ['GET', '/api/admin/comments/abc', undefined],
      ['GET', '/api/admin/comments/0', undefined],
      ['POST', '/api/admin/comments/-1/approve', undefined],
    ];
    for (const [method, path, body] of requests) {
      await expectError(await call(path, method, body), 404, 'not_found');
    }
    assert.equal(JSON.stringify(s.rows('select * from comments')), before);
    assert.equal(audits(s), 0);
  });
});

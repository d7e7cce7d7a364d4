// The admin import API through the real stack (Node, and the Worker through worker-import.test.ts):
// batches parsed from real export files, then what the public, moderators and the database see.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { toBatches } from '../src/imports/batches.js';
import { fromBuffer } from '../src/imports/bytes.js';
import { openImport, parserFor } from '../src/imports/formats.js';
import type { ImportBatchInput } from '../src/imports/records.js';
import { startService, type Json, type Service } from './helpers.js';
import { wxr, type WxrPost } from './import-files.js';

const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);

/** The batches the CLI would send for a file's bytes. */
async function batchesOf(bytes: Uint8Array, options: { dryRun?: boolean; pingbacks?: boolean; maxComments?: number } = {}) {
  const opened = await openImport(fromBuffer(bytes));
  if (opened.format === 'isso') throw new Error('not for bytes');
  const out: ImportBatchInput[] = [];
  for await (const { batch } of toBatches(parserFor(opened.format, opened.stream), {
    key: 'path',
    maxComments: options.maxComments ?? 1000,
    maxBytes: 60_000,
    dryRun: options.dryRun ?? false,
    pingbacks: options.pingbacks ?? false,
  })) {
    out.push(batch);
  }
  return out;
}

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

/** A WordPress site with everything the mapping rules care about. */
const POSTS: WxrPost[] = [
  {
    id: 101,
    title: 'Budget vote',
    link: 'https://news.example.org/2012/03/budget/',
    comments: [
      // The reply comes before its parent in the file.
      { id: 5002, parent: 5001, author: 'Bea', email: 'bea@example.org', dateGmt: '2012-03-04 06:00:00', content: 'A reply that came first in the file.' },
      { id: 5001, author: 'Amal', email: 'amal@example.org', ip: '198.51.100.77', url: 'https://amal.example/', dateGmt: '2012-03-04 05:06:07', content: 'First line\nsecond line\n\n<strong>Bold</strong> <a href="https://example.org/">link</a><script>alert(1)</script><img src=x onerror="alert(2)">' },
      { id: 5003, author: 'Carl', email: 'carl@example.org', url: 'javascript:alert(1)', dateGmt: '2012-03-05 07:00:00', content: 'Held back.', approved: '0' },
      { id: 5004, author: 'Spammer', email: 'spam@example.org', dateGmt: '2012-03-05 08:00:00', content: 'Buy things', approved: 'spam' },
      { id: 5005, author: 'Blog', dateGmt: '2012-03-05 09:00:00', content: 'Pinged you', type: 'pingback' },
      { id: 5007, author: 'WooCommerce', dateGmt: '2012-03-05 09:30:00', content: 'Order status changed', type: 'order_note' },
      { id: 5006, parent: 4000, author: 'Orphan', email: 'orphan@example.org', dateGmt: '2012-03-06 09:00:00', content: 'My parent is not in the file.' },
    ],
  },
  {
    id: 102,
    title: 'Old news',
    link: 'https://news.example.org/2012/04/old/',
    commentStatus: 'closed',
    comments: [{ id: 5010, author: 'Dee', email: 'dee@example.org', dateGmt: '2012-04-01 10:00:00', content: 'Closed now.' }],
  },
];

describe('importing through the admin API', () => {
  let svc: Service;
  let auth: Record<string, string>;
  before(async () => {
    svc = await startService({ settings: { maxDepth: 3, approval: 'first-time' } });
    auth = await svc.addToken('importer');
  });
  after(() => svc.close());

  const send = (batch: unknown, headers = auth) =>
    svc.request('http://parley.test/api/admin/sites/news/import', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(batch) });
  const sendAll = async (batches: ImportBatchInput[]) => {
    const reports: Json[] = [];
    for (const batch of batches) {
      const res = await send(batch);
      assert.equal(res.status, 200, await res.clone().text());
      reports.push((await res.json()) as Json);
    }
    return reports;
  };
  const thread = async (key: string, query = '') => (await (await svc.request(`/api/comments?site=news&article=${encodeURIComponent(key)}${query}`)).json()) as Json & { comments: Json[] };

  test('a WordPress export imports with its threads, statuses, dates, closed articles and counted skips', async () => {
    const [report] = await sendAll(await batchesOf(new TextEncoder().encode(wxr(POSTS))));
    assert.deepEqual(report, {
      dryRun: false,
      articles: { created: 2 },
      comments: { imported: { approved: 4, pending: 1, spam: 1, trash: 0 }, existing: 0, deleted: 0 },
      skipped: { pingback: 1 },
      dropped: { website: 1 },
      unlinkedParents: 1,
    });
    const budget = await thread('/2012/03/budget/');
    assert.equal((budget.article as Json).count, 3);
    const [first, orphan] = budget.comments as Array<Json & { replies: Json[] }>;
    assert.equal(first?.id, 5001, 'WordPress ids are kept when free');
    assert.equal(first?.createdAt, '2012-03-04T05:06:07.000Z');
    assert.equal(first?.html, '<p>First line<br>\nsecond line</p>\n<p><strong>Bold</strong> <a href="https://example.org/" rel="nofollow ugc noopener">link</a></p>');
    assert.deepEqual((first?.author as Json).url, 'https://amal.example/');
    assert.equal(first?.replies[0]?.id, 5002, 'the reply that came first in the file is threaded under its parent');
    assert.equal(orphan?.id, 5006, 'a reply whose parent is missing is top-level');
    assert.equal(orphan?.parentId, null);
    assert.equal((await thread('/2012/04/old/')).article && ((await thread('/2012/04/old/')).article as Json).closed, true);
    const rows = svc.rows<{ id: number; status: string; depth: number; url: string | null; ip: string | null }>('select id, status, depth, url, ip from comments order by id');
    assert.deepEqual(rows.map((r) => [r.id, r.status, r.depth]), [[5001, 'approved', 1], [5002, 'approved', 2], [5003, 'pending', 1], [5004, 'spam', 1], [5006, 'approved', 1], [5010, 'approved', 1]]);
    assert.equal(rows.find((r) => r.id === 5003)?.url, null, 'a javascript: website is dropped');
    assert.equal(rows.find((r) => r.id === 5001)?.ip, '198.51.100.0', 'IPs are stored anonymised');
  });

  test('importing the same file again adds nothing, and a dry run writes nothing', async () => {
    const before = svc.count();
    const audits = svc.count('select count(*) as n from audit_log');
    const [again] = await sendAll(await batchesOf(new TextEncoder().encode(wxr(POSTS))));
    assert.deepEqual((again?.comments as Json).imported, { approved: 0, pending: 0, spam: 0, trash: 0 });
    assert.equal((again?.comments as Json).existing, 6);
    assert.equal((again?.articles as Json).created, 0);
    assert.equal(svc.count(), before);
    const [dry] = await sendAll(await batchesOf(fixture('isso-wordpress.xml'), { dryRun: true }));
    assert.equal(dry?.dryRun, true);
    assert.equal(((dry?.comments as Json).imported as Json).approved, 7);
    assert.equal(svc.count(), before, 'the dry run wrote nothing');
    assert.equal(svc.count('select count(*) as n from audit_log'), audits + 1, 'one audit entry per batch written, none for the dry run');
  });

  test('public threads, pages and the embed never show an imported email or IP; the old anchor is kept', async () => {
    const thread = await svc.request('/api/comments?site=news&article=%2F2012%2F03%2Fbudget%2F&around=comment-5002');
    const json = await thread.text();
    const embed = await (await svc.request('/embed?site=news&article=%2F2012%2F03%2Fbudget%2F')).text();
    const counts = await (await svc.request('/api/counts?site=news&article=%2F2012%2F03%2Fbudget%2F')).text();
    const headers = JSON.stringify([...thread.headers]);
    // Every spelling a leak could take: the address, its common hashes (Gravatar's MD5 among them), the IP.
    const secrets = ['amal@example.org', 'bea@example.org', 'orphan@example.org'].flatMap((email) => [
      email,
      createHash('md5').update(email).digest('hex'),
      createHash('sha256').update(email).digest('hex'),
    ]);
    for (const secret of [...secrets, '198.51.100']) {
      for (const [where, text] of Object.entries({ json, embed, counts, headers, logs: svc.logs.join('\n') })) {
        assert.ok(!text.includes(secret), `${where} leaks ${secret}`);
      }
    }
    assert.ok(!embed.includes('<script>alert') && !embed.includes('onerror'), 'nothing executable reaches the page');
    assert.match(json, /"legacyAnchor":"comment-5001"/);
    assert.match(embed, /id="comment-5001"/);
  });

  test('an imported approved author is a known author for the first-comment rule, and imports are searchable in the queue', async () => {
    svc.later(3600);
    const known = await svc.post({ article: '/2012/03/budget/', articleUrl: 'https://news.example.org/2012/03/budget/', email: 'amal@example.org', name: 'Amal' });
    assert.equal(((await known.json()) as { comment: Json }).comment.status, 'approved');
    svc.later(3600);
    const stranger = await svc.post({ article: '/2012/03/budget/', articleUrl: 'https://news.example.org/2012/03/budget/', email: 'new@example.org', name: 'New' });
    assert.equal(((await stranger.json()) as { comment: Json }).comment.status, 'pending');
    const found = (await (await svc.request('/api/admin/comments?status=pending&q=held', { headers: auth })).json()) as { comments: Json[] };
    assert.deepEqual(found.comments.map((c) => c.id), [5003]);
  });

  test('featured comments and reaction rows import in the batch, counters equal the rows, and a second import adds nothing', async () => {
    const at = '2013-05-01T00:00:00.000Z';
    const like = (n: number) => ({ readerKey: `readerkey${n}`.padEnd(27, 'x'), ipKey: `ipkey${n}`.padEnd(27, 'y'), createdAt: at });
    const base = { source: 'parley', article: '/liked', status: 'approved' as const, name: 'A', email: '', createdAt: at, body: '<p>ok</p>', bodyFormat: 'html' as const };
    const batch: ImportBatchInput = {
      articles: [{ key: '/liked' }],
      comments: [
        { ...base, sourceId: '7001', featured: true, reactions: [like(1), like(2), like(3)] },
        { ...base, sourceId: '7002', parentSourceId: '7001', reactions: [like(1)] },
        // A pending comment cannot be featured (as a moderator could not feature it).
        { ...base, sourceId: '7003', status: 'pending' as const, featured: true },
      ],
    };
    await sendAll([batch]);
    const rows = () => svc.rows<{ sourceId: string; featured: number; reactions: number; likes: number }>(
      `select source_id as sourceId, featured, reactions, (select count(*) from comment_reactions r where r.comment_id = c.id) as likes
       from comments c where source = 'parley' and source_id in ('7001', '7002', '7003') order by source_id`);
    const expected = [
      { sourceId: '7001', featured: 1, reactions: 3, likes: 3 },
      { sourceId: '7002', featured: 0, reactions: 1, likes: 1 },
      { sourceId: '7003', featured: 0, reactions: 0, likes: 0 },
    ];
    assert.deepEqual(rows(), expected);
    const top = (await thread('/liked')).comments[0] as Json;
    assert.equal(top.featured, true);
    assert.equal(top.reactions, 3);
    await sendAll([batch]);
    assert.deepEqual(rows(), expected, 'importing again adds no reaction');
    const bad = await send({ comments: [{ ...base, sourceId: '7004', reactions: [{ ...like(1), ipKey: '203.0.113.9' }] }] });
    assert.equal(bad.status, 422, 'a reaction key is a keyed hash, never an address');
  });

  test('a bad record is refused as validation_failed naming the record, and nothing of its batch is stored', async () => {
    const before = svc.count();
    const good = { source: 'wordpress', sourceId: '9001', article: '/x', status: 'approved', name: 'A', email: '', createdAt: '2012-01-01T00:00:00Z', body: 'ok', bodyFormat: 'text' };
    const res = await send({ articles: [{ key: '/x' }], comments: [good, { ...good, sourceId: '9002', createdAt: 'yesterday' }] });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; message: string; fields: Json } };
    assert.equal(body.error.code, 'validation_failed');
    assert.match(body.error.message, /Comment 2 \(9002\)/);
    assert.ok('comments.1.createdAt' in body.error.fields);
    assert.equal(svc.count(), before);
    assert.equal((await send({ comments: [] }, {})).status, 401, 'moderators only');
    const session = await svc.signIn(await svc.addModerator());
    const { 'X-CSRF-Token': _csrf, ...noCsrf } = session;
    assert.equal((await send({ comments: [] }, noCsrf)).status, 403, 'a cookie session needs the CSRF token');
    assert.equal((await send({ comments: [] }, session)).status, 200);
    assert.equal((await send({ comments: [] }, { ...auth })).status, 200);
    assert.equal((await svc.request('/api/admin/sites/nowhere/import', { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: '{}' })).status, 404);
  });

  test('a chain deeper than maxDepth is stored as it was and shown nested to maxDepth, deeper replies at the last level', async () => {
    const chain = Array.from({ length: 6 }, (_, i) => ({
      source: 'disqus', sourceId: `d${i}`, parentSourceId: i === 0 ? null : `d${i - 1}`, article: '/deep', status: 'approved',
      name: `N${i}`, email: `n${i}@example.org`, createdAt: new Date(Date.UTC(2013, 0, 1, i)).toISOString(), body: `<p>level ${i + 1}</p>`, bodyFormat: 'html',
    }));
    // Sent children first, one per batch: the links and depths are found when the parents arrive.
    for (const comment of [...chain].reverse()) assert.equal((await send({ articles: [{ key: '/deep' }], comments: [comment] })).status, 200);
    assert.deepEqual(svc.rows<{ depth: number }>("select depth from comments where source = 'disqus' order by created_at").map((r) => r.depth), [1, 2, 3, 4, 5, 6]);
    const shown = await thread('/deep');
    const levels = (c: Json & { replies?: Json[] }): unknown => ((c.replies ?? []).length ? [c.html, (c.replies as Json[]).map(levels)] : c.html);
    assert.deepEqual(levels(shown.comments[0] as Json), ['<p>level 1</p>', [['<p>level 2</p>', ['<p>level 3</p>', '<p>level 4</p>', '<p>level 5</p>', '<p>level 6</p>']]]]);
  });

  test('around=comment-N answers the page that holds a linked comment, also when it is on a later page', async () => {
    const comments = Array.from({ length: 12 }, (_, i) => ({
      source: 'wordpress', sourceId: String(7000 + i), parentSourceId: i === 11 ? '7009' : null, article: '/paged', status: 'approved',
      name: 'P', email: 'p@example.org', createdAt: new Date(Date.UTC(2013, 1, 1, i)).toISOString(), body: `c${i}`, bodyFormat: 'text',
    }));
    assert.equal((await send({ articles: [{ key: '/paged' }], comments })).status, 200);
    const page = await thread('/paged', '&limit=3&around=comment-7011');
    assert.equal(page.target, 7011);
    assert.equal(page.comments.length, 10);
    assert.ok(page.nextCursor);
    assert.equal((await thread('/paged', '&limit=3')).target, undefined, 'responses without around are as they were');
    assert.equal((await svc.request('/api/comments?site=news&article=%2Fpaged&around=%3Cx%3E')).status, 400);
  });

  test('Disqus and Isso exports import through the same API', async () => {
    const [disqus] = await sendAll(await batchesOf(fixture('isso-disqus.xml')));
    assert.equal((disqus?.comments as Json).deleted, 1);
    const hello = await thread('/');
    assert.equal(hello.comments.length, 2);
    assert.equal((hello.comments[0] as { replies: Json[] }).replies[0]?.html, '<p>Hello, World.</p>');
    const [isso] = await sendAll(await batchesOf(fixture('isso-generic.json')));
    assert.equal(((isso?.comments as Json).imported as Json).approved, 2);
    const poker = await thread('/posts/0001/');
    assert.equal((poker.comments[0] as Json).createdAt, '2005-02-24T04:03:37.000Z');
  });
});

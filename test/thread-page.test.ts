// A big article's thread is read a page at a time in SQL (its top-level comments and their replies):
// every page, in both orders and through every cursor, is exactly what reading the whole article
// gives, with deleted placeholders, hidden replies and deep threads; and a change shows in the next read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildThread, decodeCursor, type PublicComment } from '../src/comments/thread.js';
import type { NewComment } from '../src/store/types.js';
import { threadJson } from '../src/http/rendered.js';
import { ARTICLE_URL, START, startService, type Service } from './helpers.js';

const KEY = '/2026/11/bike-lanes';

interface Page {
  article: { count: number };
  comments: PublicComment[];
  nextCursor: string | null;
}

describe('a thread paged in SQL', () => {
  let s: Service;
  let articleId = 0;
  const ids: number[] = [];

  const insert = async (at: number, parent: { id: number; depth: number } | null, status: NewComment['status'] = 'approved') => {
    const site = await s.store.getSite('news');
    if (!site) throw new Error('no site');
    const n = ids.length;
    const result = await s.store.insertComment(
      {
        siteId: site.id, articleKey: KEY, articleUrl: ARTICLE_URL, articleTitle: 'Bike lanes', parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 1, status, reasons: [], name: `Reader ${n}`, email: `r${n}@example.org`, url: null,
        avatar: 'abc', bodySource: `Comment ${n}`, html: `<p>Comment ${n}</p>`, ip: null, userAgent: null, moderator: false,
        editTokenHash: null, createdAt: at,
      },
      { duplicate: false, floodSince: null },
    );
    if (!result.ok) throw new Error(result.reason);
    ids.push(result.comment.id);
    articleId = result.article.id;
    return { id: result.comment.id, depth: result.comment.depth };
  };

  before(async () => {
    s = await startService({ settings: { maxDepth: 3, commentsPerPage: 20 } });
    // 200 top-level comments; most with a reply, every third with a reply to that and one more below (deeper than maxDepth).
    const roots = [];
    for (let i = 0; i < 200; i++) roots.push(await insert(START + i * 1000, null));
    for (const [i, root] of roots.entries()) {
      if (i % 5 === 4) continue;
      const reply = await insert(START + 1_000_000 + i * 1000, root, i % 7 === 0 ? 'pending' : 'approved');
      if (i % 3 === 0) {
        const deeper = await insert(START + 2_000_000 + i * 1000, reply);
        await insert(START + 3_000_000 + i * 1000, deeper);
      }
    }
    // Same-time roots (the cursor's tie on id), deleted roots with no reply (they take no place), and deleted roots with replies (placeholders).
    for (let i = 0; i < 10; i++) roots.push(await insert(START + 500_000, null));
    const sql = (text: string, ...params: unknown[]) => s.sqlite.prepare(text).run(...params);
    for (let i = 0; i < 150; i += 4) sql('update comments set deleted = 1 where id = ?', roots[i]?.id);
    // A run of deleted roots without replies longer than a page: the page must read on past them.
    for (let i = 20; i < 45; i++) if (i % 5 === 4) sql('update comments set deleted = 1 where id = ?', roots[i]?.id);
    for (let i = 100; i < 150; i++) sql("update comments set deleted = 1 where id = ? and not exists (select 1 from comments c where c.parent_id = comments.id and c.status = 'approved')", roots[i]?.id);
    assert.ok((s.rows<{ n: number }>("select count(*) as n from comments where status = 'approved'")[0]?.n ?? 0) >= 400, 'big enough to be paged');
    // The search index is filled behind the writer, a second later, in a write transaction on this process's
    // connection: on the Worker target, workerd's D1 read would meet it as SQLITE_BUSY. Filled now, and no more.
    s.store.search.catchUp();
    s.store.search.pause();
  });
  after(async () => {
    await s.close();
  });

  const expected = async (sort: 'oldest' | 'newest', cursor: string | null, limit = 20) => {
    const rows = await s.store.listApproved(articleId);
    const built = buildThread(rows, { sort, limit, after: cursor === null ? null : decodeCursor(cursor), maxDepth: 3 });
    return { count: rows.filter((r) => !r.deleted).length, comments: built.comments, nextCursor: built.nextCursor };
  };

  for (const sort of ['oldest', 'newest'] as const) {
    test(`every ${sort}-first page, cursor after cursor, is what the whole article gives`, async () => {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await s.request(`/api/comments?site=news&article=${encodeURIComponent(KEY)}&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(res.status, 200);
        const page = (await res.json()) as Page;
        const want = await expected(sort, cursor);
        assert.deepEqual(page.comments, JSON.parse(JSON.stringify(want.comments)));
        assert.equal(page.nextCursor, want.nextCursor);
        assert.equal(page.article.count, want.count);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 50);
      assert.ok(pages >= 5, `${pages} pages`);
    });
  }

  test('the store reads only the page: the top-level comments asked for and their replies', async () => {
    const page = await s.store.approvedPage(articleId, { sort: 'oldest', after: null, roots: 21 });
    assert.equal(page.whole, false);
    assert.equal(page.roots, 21);
    assert.ok(page.rows.length < 80, `${page.rows.length} rows`);
  });

  test('an approval, an edit, a deletion and an erase on the first page show in the very next read', async () => {
    const first = async () => {
      const res = await s.request(`/api/comments?site=news&article=${encodeURIComponent(KEY)}`);
      const text = await res.text();
      // Once, under a heavily loaded full run, a read here came back without comments: say what it was.
      assert.equal(res.status, 200, text);
      return JSON.parse(text) as Page;
    };
    const before = await first();
    const root = before.comments.find((c) => !c.deleted);
    assert.ok(root);
    const pending = await insert(START + 9_000_000, { id: root.id, depth: 1 }, 'pending');
    assert.equal(JSON.stringify(await first()), JSON.stringify(before), 'a held reply is not shown');
    s.approve(pending.id);
    const approved = await first();
    assert.ok(approved.comments.find((c) => c.id === root.id)?.replies.some((r) => r.id === pending.id));
    assert.equal(approved.article.count, before.article.count + 1);
    s.sqlite.prepare('update comments set html = ?, name = ? where id = ?').run('<p>edited</p>', 'Erased', pending.id);
    const edited = (await first()).comments.find((c) => c.id === root.id)?.replies.find((r) => r.id === pending.id);
    assert.equal(edited?.html, '<p>edited</p>');
    assert.equal(edited?.author?.name, 'Erased');
    s.sqlite.prepare('update comments set deleted = 1 where id = ?').run(pending.id);
    const deleted = await first();
    assert.equal(deleted.comments.find((c) => c.id === root.id)?.replies.some((r) => r.id === pending.id), false);
    assert.equal(deleted.article.count, before.article.count);
  });

  test('the page is spelt as JSON.stringify would spell the thread', async () => {
    const res = await s.request(`/api/comments?site=news&article=${encodeURIComponent(KEY)}`);
    const text = await res.text();
    assert.equal(threadJson(JSON.parse(text)).json, text);
  });
});

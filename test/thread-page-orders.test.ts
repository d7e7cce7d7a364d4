// A big article's `best` pages, `filter=featured` pages and pages `around` an anchor are read a page
// at a time in SQL too (src/store/thread-page.ts), and every one of them is exactly what reading the
// whole article gives: order, next cursor, target, count and deleted placeholders, through every
// cursor, for anchors on the first page, on the last, deep in a thread, past a thousand top-level
// comments, imported comments' old anchors, and anchors that name nothing shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorLookup, buildThread, decodeCursor, type PublicComment } from '../src/comments/thread.js';
import type { NewComment } from '../src/store/types.js';
import { ARTICLE_URL, START, startService, type Service } from './helpers.js';

const KEY = '/2026/11/hot-article';
const OTHER = '/2026/11/other-article';

interface Page {
  article: { count: number };
  comments: PublicComment[];
  nextCursor: string | null;
  target?: number | null;
}

interface Ask {
  sort: 'oldest' | 'newest' | 'best';
  cursor?: string | null;
  limit?: number;
  featured?: boolean;
  around?: string;
}

describe('best, featured and around pages of a big thread paged in SQL', () => {
  let s: Service;
  let articleId = 0;
  let siteId = 0;
  const roots: Array<{ id: number; depth: number }> = [];
  /** Named comments the anchors below point at. */
  const at: Record<string, number> = {};
  let n = 0;

  const insert = async (time: number, parent: { id: number; depth: number } | null, status: NewComment['status'] = 'approved', key = KEY) => {
    n++;
    const result = await s.store.insertComment(
      {
        siteId, articleKey: key, articleUrl: ARTICLE_URL, articleTitle: 'Hot', parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 1, status, reasons: [], name: `Reader ${n}`, email: `r${n}@example.org`, url: null,
        avatar: 'abc', bodySource: `Comment ${n}`, html: `<p>Comment ${n}</p>`, ip: null, userAgent: null, moderator: false,
        editTokenHash: null, createdAt: time,
      },
      { duplicate: false, floodSince: null },
    );
    if (!result.ok) throw new Error(result.reason);
    if (key === KEY) articleId = result.article.id;
    return { id: result.comment.id, depth: result.comment.depth };
  };
  /** A reply chain `length` deep below a comment (deeper than maxDepth: shown flattened at the last level). */
  const chain = async (parent: { id: number; depth: number }, time: number, length: number) => {
    let last = parent;
    for (let i = 0; i < length; i++) last = await insert(time + i, last);
    return last;
  };
  const sql = (text: string, ...params: unknown[]) => s.sqlite.prepare(text).run(...params);

  before(async () => {
    s = await startService({ settings: { maxDepth: 3, commentsPerPage: 20 } });
    const site = await s.store.getSite('news');
    if (!site) throw new Error('no site');
    siteId = site.id;
    // 1,300 top-level comments (more than AROUND_MAX before the last ones), ten of them at the same time (the cursor's tie on id).
    for (let i = 0; i < 1300; i++) roots.push(await insert(START + i * 1000, null));
    for (let i = 0; i < 10; i++) roots.push(await insert(START + 500_500, null));
    for (let i = 0; i < 300; i++) {
      const root = roots[i];
      if (!root || i % 5 === 4) continue;
      const reply = await insert(START + 2_000_000 + i * 1000, root, i % 7 === 0 ? 'pending' : 'approved');
      // Below a held reply: approved, but shown nowhere (its parent is not), so an anchor on it names nothing shown.
      if (i % 3 === 0) at[i % 7 === 0 ? 'underHeld' : 'deep'] = (await chain(reply, START + 3_000_000 + i * 1000, 2)).id;
    }
    at.pending = (await insert(START + 9_000_000, roots[1] ?? null, 'pending')).id;
    const late = roots[1200];
    const between = roots[1050];
    if (!late || !between) throw new Error('no roots');
    at.deepLate = (await chain(late, START + 9_100_000, 4)).id;
    at.deepBetween = (await chain(between, START + 9_200_000, 3)).id;
    // Reactions with many ties (best: most, then newest); replies' reactions do not order anything.
    sql('update comments set reactions = (id * 7) % 6 where article_id = ?', articleId);
    // Deleted top-level comments: placeholders (with replies) and ones that take no place (without).
    for (let i = 0; i < 150; i += 4) sql('update comments set deleted = 1 where id = ?', roots[i]?.id);
    for (let i = 100; i < 150; i++) sql("update comments set deleted = 1 where id = ? and not exists (select 1 from comments c where c.parent_id = comments.id and c.status = 'approved')", roots[i]?.id);
    // A run of them first in best order, longer than a page: the first best page must read on past them.
    for (let i = 100; i < 130; i++) sql('update comments set reactions = 9 where id = ? and deleted = 1', roots[i]?.id);
    // 100 more that take no place before the 1,050th: over a thousand top-level comments before it, fewer than a thousand shown.
    for (let i = 600; i < 800; i += 2) sql('update comments set deleted = 1 where id = ?', roots[i]?.id);
    // Featured comments (some of them deleted: not in the filter).
    sql('update comments set featured = 1 where article_id = ? and parent_id is null and id % 9 = 1', articleId);
    at.placeholder = roots[4]?.id ?? 0;
    at.first = roots[1]?.id ?? 0;
    at.last = roots[1299]?.id ?? 0;
    // Imported comments' old anchors, one of them also a comment id of another article.
    const other = await insert(START, null, 'approved', OTHER);
    const imported = (id: number | undefined, source: string, sourceId: string) =>
      sql('update comments set source_site_id = ?, source = ?, source_id = ? where id = ?', siteId, source, sourceId, id);
    imported(roots[900]?.id, 'wordpress', '424242');
    imported(roots[700]?.id, 'isso', 'abc');
    imported(roots[1250]?.id, 'disqus', String(other.id));
    at.wordpress = roots[900]?.id ?? 0;
    // The search index is filled behind the writer, a second later, in a write transaction on this process's
    // connection: on the Worker target, workerd's D1 read would meet it as SQLITE_BUSY. Filled now, and no more.
    s.store.search.catchUp();
    s.store.search.pause();
  });
  after(async () => {
    await s.close();
  });

  const url = (ask: Ask) => {
    const q = new URLSearchParams({ site: 'news', article: KEY, sort: ask.sort });
    if (ask.limit !== undefined) q.set('limit', String(ask.limit));
    if (ask.featured) q.set('filter', 'featured');
    if (ask.around !== undefined) q.set('around', ask.around);
    if (ask.cursor) q.set('cursor', ask.cursor);
    return `/api/comments?${q}`;
  };
  /** The page as the whole article's rows give it (the read before paging in SQL). */
  const expected = async (ask: Ask) => {
    const rows = await s.store.listApproved(articleId);
    const built = buildThread(rows, {
      sort: ask.sort, limit: ask.limit ?? 20, after: ask.cursor ? decodeCursor(ask.cursor) : null, maxDepth: 3,
      ...(ask.featured ? { featuredOnly: true } : {}), ...(ask.around === undefined ? {} : { around: ask.around }),
    });
    return { count: rows.filter((r) => !r.deleted).length, comments: JSON.parse(JSON.stringify(built.comments)) as PublicComment[], nextCursor: built.nextCursor, target: built.target };
  };
  const check = async (ask: Ask): Promise<Page> => {
    const res = await s.request(url(ask));
    const text = await res.text();
    assert.equal(res.status, 200, `${JSON.stringify(ask)}: ${text} ${s.logs.slice(-12).join('\n')}`);
    const page = JSON.parse(text) as Page;
    const want = await expected(ask);
    const what = JSON.stringify(ask);
    assert.deepEqual(page.comments.map((c) => c.id), want.comments.map((c) => c.id), what);
    assert.deepEqual(page.comments, want.comments, what);
    assert.equal(page.nextCursor, want.nextCursor, what);
    assert.equal(page.article.count, want.count, what);
    if (ask.around === undefined) assert.equal('target' in page, false, what);
    else assert.equal(page.target, want.target, what);
    return page;
  };
  const walk = async (ask: Ask) => {
    let cursor: string | null = ask.cursor ?? null;
    let pages = 0;
    do {
      cursor = (await check({ ...ask, cursor })).nextCursor;
      pages++;
    } while (cursor !== null && pages < 200);
    return pages;
  };

  for (const sort of ['best', 'oldest', 'newest'] as const) {
    test(`every ${sort}-first page, cursor after cursor, is what the whole article gives`, async () => {
      assert.ok((await walk({ sort })) >= 50);
    });
    test(`every featured ${sort}-first page, cursor after cursor, is what the whole article gives`, async () => {
      assert.ok((await walk({ sort, featured: true, limit: 13 })) >= 5);
    });
  }

  test("a cursor from another order (no reactions: they count as 0 in best order) gives what the whole article gives", async () => {
    const oldest = await check({ sort: 'oldest' });
    await check({ sort: 'best', cursor: oldest.nextCursor });
    await check({ sort: 'best', featured: true, cursor: oldest.nextCursor });
    const best = await check({ sort: 'best' });
    await check({ sort: 'newest', cursor: best.nextCursor });
  });

  test('a page around any anchor, in every order, with and without the filter, is what the whole article gives, and so are the pages after it', async () => {
    const anchors = [
      ...Object.values(at).map((id) => `comment-${id}`),
      'comment-424242', // wordpress's old anchor (no comment has that id)
      'isso-abc',
      `comment-${roots[1250]?.id ?? 0}`,
      'comment-99999999',
      'nothing-here',
    ];
    for (const around of anchors) {
      for (const sort of ['oldest', 'newest', 'best'] as const) {
        for (const featured of [false, true]) {
          const page = await check({ sort, featured, around });
          // The reader reads on from it (the widget asks later pages without the anchor).
          if (page.nextCursor) await check({ sort, featured, cursor: page.nextCursor });
        }
      }
    }
  });

  test("another article's comment id names an imported comment with that old id here", async () => {
    const other = (await s.store.getArticle(siteId, OTHER))?.id;
    assert.ok(other);
    const anchor = s.rows<{ id: number }>("select id from comments where article_id = ? and parent_id is null", other)[0]?.id;
    const page = await check({ sort: 'oldest', around: `comment-${anchor}` });
    assert.equal(page.target, roots[1250]?.id);
  });

  test('a page around an anchor after a cursor is what the whole article gives (it is read whole)', async () => {
    const first = await check({ sort: 'oldest' });
    for (const id of [at.first, at.deepLate, at.last]) await check({ sort: 'oldest', cursor: first.nextCursor, around: `comment-${id}` });
    await check({ sort: 'oldest', cursor: 'MTc2NDExMTY5NDAwMDAuOTk5OTk5OQ', around: `comment-${at.deepLate}` });
  });

  test('the store reads only the page: best, featured, and around an anchor near the end', async () => {
    const best = await s.store.approvedPage(articleId, { sort: 'best', after: null, roots: 21 });
    assert.equal(best.whole, false);
    assert.equal(best.roots, 21);
    assert.ok(best.rows.length < 100, `${best.rows.length} rows`);
    const top = best.rows.filter((r) => r.parentId === null).sort((a, b) => b.reactions - a.reactions || b.createdAt - a.createdAt || b.id - a.id);
    assert.equal(top[0]?.reactions, 9);
    const featured = await s.store.approvedPage(articleId, { sort: 'newest', after: null, roots: 21, featured: true });
    assert.equal(featured.roots, 21);
    assert.ok(featured.rows.filter((r) => r.parentId === null).every((r) => r.featured && !r.deleted));
    assert.ok(featured.rows.length < 100, `${featured.rows.length} rows`);
    // More than a thousand shown before it: the page starts at its thread.
    const late = await s.store.approvedPage(articleId, { sort: 'oldest', after: null, roots: 21, around: anchorLookup(`comment-${at.deepLate}`) });
    assert.equal(late.anchor, at.deepLate);
    assert.equal(late.asked, 21);
    assert.ok(late.rows.some((r) => r.id === at.deepLate));
    assert.ok(late.rows.length < 100, `${late.rows.length} rows`);
    // On the first page: the page as asked.
    const first = await s.store.approvedPage(articleId, { sort: 'oldest', after: null, roots: 21, around: anchorLookup(`comment-${at.first}`) });
    assert.equal(first.anchor, at.first);
    assert.equal(first.asked, 21);
    const legacy = await s.store.approvedPage(articleId, { sort: 'oldest', after: null, roots: 21, around: anchorLookup('comment-424242') });
    assert.equal(legacy.anchor, at.wordpress);
  });
});

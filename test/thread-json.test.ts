// Threads joined from per-comment fragments: exactly JSON.stringify's bytes, and never stale: a fragment
// is used only while the comment is as it was made from, so any change (even one written straight into
// the database, with nothing told) shows in the very next read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Thread } from '../src/comments/reads.js';
import type { PublicComment } from '../src/comments/thread.js';
import { threadJson } from '../src/http/rendered.js';
import { forgetFragments } from '../src/http/thread-json.js';
import { startService, type Service } from './helpers.js';

function comment(id: number, fields: Partial<PublicComment> = {}): PublicComment {
  return {
    id,
    parentId: null,
    author: { name: `Reader "${id}" \u2028 <b>`, url: id % 2 ? 'https://example.net/?a=1&b=2' : null, avatar: `/avatars/${id}.svg`, moderator: id % 3 === 0 },
    html: `<p>Comment ${id} with "quotes", a backslash \\, a tab\t, a lone \ud800 surrogate and ü</p>`,
    createdAt: new Date(1_700_000_000_000 + id).toISOString(),
    editedAt: id % 4 === 0 ? new Date(1_700_000_100_000 + id).toISOString() : null,
    deleted: false,
    reactions: id % 5,
    featured: id % 7 === 0,
    replies: [],
    ...fields,
  };
}

function thread(comments: PublicComment[], extra: Partial<Thread> = {}): Thread {
  return {
    article: { key: '/a"b', title: 'T\u2029', url: null, closed: false, count: comments.length, maxDepth: 5, reactions: true },
    comments,
    nextCursor: 'abc',
    ...extra,
  };
}

describe('a thread joined from fragments', () => {
  test('is byte for byte what JSON.stringify gives, with deleted comments, old anchors, replies and a target', () => {
    forgetFragments();
    const deleted = comment(8, { deleted: true, author: null, html: '', reactions: 0, featured: false });
    const imported = comment(9, { legacyAnchor: 'comment-1234' });
    const tree = [
      comment(1, { replies: [comment(2, { parentId: 1, replies: [comment(3, { parentId: 2 })] }), comment(4, { parentId: 1 })] }),
      deleted,
      imported,
      comment(21),
    ];
    for (const t of [thread(tree), thread(tree, { target: 3 }), thread(tree, { target: null, nextCursor: null }), thread([])]) {
      // Twice: the second time every fragment comes from memory.
      assert.equal(threadJson(t).json, JSON.stringify(t));
      assert.equal(threadJson(t).json, JSON.stringify(t));
    }
  });

  test('a comment whose html, author, dates or deletion changed gets a new fragment, and so a new digest', () => {
    forgetFragments();
    const before = thread([comment(1)]);
    const first = threadJson(before);
    const changes: Array<Partial<PublicComment>> = [
      { html: '<p>edited</p>' },
      { author: { name: 'Someone else', url: null, avatar: '/avatars/x.svg', moderator: false } },
      { editedAt: '2026-11-29T00:00:00.000Z' },
      { deleted: true, author: null, html: '' },
      { reactions: 99 },
      { featured: true },
    ];
    for (const change of changes) {
      const changed = thread([comment(1, change)]);
      const out = threadJson(changed);
      assert.equal(out.json, JSON.stringify(changed));
      assert.notEqual(out.digest, first.digest, `a change of ${Object.keys(change).join(', ')} changes the digest`);
      // And back: the old comment is spelt as before.
      assert.equal(threadJson(before).json, JSON.stringify(before));
    }
  });
});

describe('the uncached app reads fragments that are never stale', () => {
  let s: Service;
  const THREAD = '/api/comments?site=news&article=/2026/11/bike-lanes';
  interface Read {
    comments: Array<{ id: number; html: string; deleted: boolean; author: { name: string } | null; replies: Array<{ id: number; html: string }> }>;
  }
  const read = async () => {
    const res = await s.request(THREAD);
    assert.equal(res.status, 200);
    return { etag: res.headers.get('ETag'), body: (await res.json()) as Read };
  };

  before(async () => {
    s = await startService();
  });
  after(async () => {
    await s.close();
  });

  test('a change written straight into the database (no invalidation at all) shows in the very next read', async () => {
    const id = await s.postApproved({ body: 'first words' });
    const reply = await s.postApproved({ body: 'a reply', parentId: id, email: 'b@example.org', name: 'B' });
    const first = await read();
    assert.match(first.body.comments[0]?.html ?? '', /first words/);
    assert.equal((await read()).etag, first.etag, 'nothing changed: the same ETag');

    s.sqlite.prepare('update comments set html = ?, edited_at = ? where id = ?').run('<p>edited words</p>', s.clock.now, id);
    const edited = await read();
    assert.equal(edited.body.comments[0]?.html, '<p>edited words</p>');
    assert.notEqual(edited.etag, first.etag);

    // The same edit without a new edit time: the html alone is checked.
    s.sqlite.prepare('update comments set html = ? where id = ?').run('<p>quietly changed</p>', reply);
    assert.equal((await read()).body.comments[0]?.replies[0]?.html, '<p>quietly changed</p>');

    // A privacy erase rewrites the author: the old name is gone from the next read.
    s.sqlite.prepare("update comments set name = 'Anonymous' where id = ?").run(id);
    const erased = await read();
    assert.equal(erased.body.comments[0]?.author?.name, 'Anonymous');
    assert.doesNotMatch(JSON.stringify(erased.body), /Amal/);

    // A deletion keeps a placeholder (it has a reply) with no author and no html.
    s.sqlite.prepare('update comments set deleted = 1 where id = ?').run(id);
    const deleted = await read();
    assert.equal(deleted.body.comments[0]?.deleted, true);
    assert.equal(deleted.body.comments[0]?.author, null);
    assert.equal(deleted.body.comments[0]?.html, '');
  });
});

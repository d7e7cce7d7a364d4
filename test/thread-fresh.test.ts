// A thread is rendered from rows kept in memory while their version is unchanged (src/store/
// sqlite-row-memo.ts, trigger comments_version): every write through the API that changes what a
// thread shows of a comment (author's edit and delete, a moderator's edit, approve and unapprove,
// a reaction, featuring, a privacy erase) shows in the very next read, with a new ETag. On a small
// article (read whole) and a big one (read a page at a time in SQL); on Node and, through
// worker-public, on the Worker. No response cache here: the memo alone must be right.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INSERT_COMMENT_ROW } from '../src/store/queries-import.js';
import { ORIGIN, START, startService, type Service } from './helpers.js';

interface Comment {
  id: number;
  html: string;
  deleted: boolean;
  reactions: number;
  featured: boolean;
  author: { name: string } | null;
  replies: Comment[];
}
interface Thread {
  article: { count: number };
  comments: Comment[];
}

function find(comments: Comment[], id: number): Comment | undefined {
  for (const c of comments) {
    if (c.id === id) return c;
    const inner = find(c.replies, id);
    if (inner) return inner;
  }
  return undefined;
}

for (const size of ['small', 'big'] as const) {
  describe(`every change through the API shows in the next read of a ${size} article`, () => {
    let s: Service;
    let token: Record<string, string>;
    const KEY = `/fresh/${size}`;

    before(async () => {
      s = await startService();
      token = await s.addToken();
    });
    after(async () => {
      await s.close();
    });

    const read = async () => {
      const res = await s.request(`/api/comments?site=news&article=${encodeURIComponent(KEY)}`);
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return { etag: res.headers.get('ETag'), thread: JSON.parse(text) as Thread };
    };
    const admin = (path: string, method: string, json?: unknown) =>
      s.request(`/api/admin/comments${path}`, { method, headers: { ...token, 'Content-Type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });
    const ok = async (res: Response) => {
      assert.ok(res.status < 300, `${res.status} ${await res.text()}`);
    };

    test('an edit, a moderator edit, reactions, featuring, unapproving, a deletion and an erase', async () => {
      const posted = await s.post({ article: KEY, body: 'first words' });
      assert.equal(posted.status, 201);
      const { comment, editToken } = (await posted.json()) as { comment: { id: number }; editToken: string };
      const id = comment.id;
      await ok(await admin(`/${id}/approve`, 'POST'));
      s.later();
      const replyId = await s.postApproved({ article: KEY, parentId: id, body: 'a reply', email: 'b@example.org', name: 'Bea' });
      if (size === 'big') {
        // 450 more approved comments after these two, so the article is read a page at a time (thread-page.ts).
        const articleId = s.rows<{ article_id: number }>('select article_id from comments where id = ?', id)[0]?.article_id;
        s.sqlite
          .prepare(
            `with recursive n(i) as (select 1 union all select i + 1 from n where i < 450)
            insert into comments (article_id, status, name, email, avatar, body_source, html, created_at)
            select ?, 'approved', 'Filler ' || i, 'f' || i || '@example.org', 'abc', 'x', '<p>filler</p>', ? + i from n`,
          )
          .run(articleId, START + 10_000_000_000);
      }

      let last = await read();
      assert.equal(find(last.thread.comments, id)?.html, '<p>first words</p>');
      assert.equal((await read()).etag, last.etag, 'nothing changed: the same ETag');
      const next = async (what: string) => {
        const now = await read();
        assert.notEqual(now.etag, last.etag, `${what}: a new ETag`);
        last = now;
        return now.thread;
      };

      await ok(await s.request(`/api/comments/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Edit-Token': editToken, Origin: ORIGIN }, body: JSON.stringify({ body: 'second words' }) }));
      assert.match(find((await next('the author edits')).comments, id)?.html ?? '', /second words/);

      await ok(await admin(`/${replyId}`, 'PATCH', { name: 'Bea M.', body: 'a moderated reply' }));
      const moderated = find((await next('a moderator edits')).comments, replyId);
      assert.equal(moderated?.author?.name, 'Bea M.');
      assert.match(moderated?.html ?? '', /a moderated reply/);

      await ok(await s.request(`/api/comments/${replyId}/reaction`, { method: 'PUT', headers: { Origin: ORIGIN, 'X-Parley-Reader': 'reader-fresh-0000000001' } }));
      assert.equal(find((await next('a reader likes')).comments, replyId)?.reactions, 1);
      await ok(await s.request(`/api/comments/${replyId}/reaction`, { method: 'DELETE', headers: { Origin: ORIGIN, 'X-Parley-Reader': 'reader-fresh-0000000001' } }));
      assert.equal(find((await next('the like is taken back')).comments, replyId)?.reactions, 0);

      await ok(await admin(`/${id}/feature`, 'POST'));
      assert.equal(find((await next('featured')).comments, id)?.featured, true);
      await ok(await admin(`/${id}/unfeature`, 'POST'));
      assert.equal(find((await next('unfeatured')).comments, id)?.featured, false);

      const count = last.thread.article.count;
      await ok(await admin(`/${replyId}/unapprove`, 'POST'));
      const unapproved = await next('unapproved');
      assert.equal(find(unapproved.comments, replyId), undefined);
      assert.equal(unapproved.article.count, count - 1);
      await ok(await admin(`/${replyId}/approve`, 'POST'));
      assert.equal(find((await next('approved again')).comments, replyId)?.html.includes('a moderated reply'), true);

      const erased = await s.request('/api/admin/privacy/erase', { method: 'POST', headers: { ...token, 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'news', email: 'amal@example.org', mode: 'anonymise' }) });
      await ok(erased);
      const anonymous = await next('erased');
      assert.equal(find(anonymous.comments, id)?.author?.name, 'Anonymous');
      assert.doesNotMatch(JSON.stringify(anonymous), /Amal/);

      await ok(await s.request(`/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Edit-Token': editToken, Origin: ORIGIN } }));
      const deleted = find((await next('the author deletes')).comments, id);
      // It has a reply: a placeholder with no author and no text.
      assert.equal(deleted?.deleted, true);
      assert.equal(deleted?.author, null);
      assert.equal(deleted?.html, '');
    });
  });
}

describe('an id given back by an import', () => {
  test('a comment purged and imported again under its old id shows as imported, not as the row it replaced', async () => {
    const s = await startService();
    try {
      const KEY = '/fresh/reused-id';
      const id = await s.postApproved({ article: KEY, body: 'the old words' });
      const read = async () => (await (await s.request(`/api/comments?site=news&article=${encodeURIComponent(KEY)}`)).json()) as Thread;
      assert.match(find((await read()).comments, id)?.html ?? '', /the old words/);
      const row = s.rows<{ article_id: number; created_at: number; avatar: string }>('select article_id, created_at, avatar from comments where id = ?', id)[0];
      assert.ok(row);
      // The row goes (a permanent delete) and an import brings a comment back under the same id, same date, never updated.
      s.sqlite.prepare('delete from comments where id = ?').run(id);
      s.sqlite
        .prepare(INSERT_COMMENT_ROW)
        .run(id, row.article_id, null, 1, 'approved', '[]', 'Imported', 'i@example.org', null, row.avatar, 'new', '<p>the imported words</p>', null, null, 0, 0, row.created_at, null, null, null, null, null, null, 0);
      const after = find((await read()).comments, id);
      assert.equal(after?.html, '<p>the imported words</p>');
      assert.equal(after?.author?.name, 'Imported');
    } finally {
      await s.close();
    }
  });
});

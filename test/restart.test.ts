// The real server process across a restart, and what `npm start` gives a fresh install: the database
// file, the demo article with its no-JavaScript "Leave a Reply" form, and one log line per request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { approve, patchSiteSettings, sleep, startServer, tempDir, waitFor, withDb, type RunningServer, type TempDir } from './server.js';

interface ThreadBody {
  article: { key: string; count: number };
  comments: { id: number; author: { name: string; avatar: string } | null; html: string; replies: unknown[] }[];
  nextCursor: string | null;
}

interface PostBody {
  comment: { id: number; status: string; author: { avatar: string } | null };
}

const tag = randomBytes(6).toString('hex');

async function postJson(base: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${base}/`, ...body }),
  });
}

async function getThread(base: string): Promise<ThreadBody> {
  const res = await fetch(`${base}/api/comments?site=demo&article=/`);
  assert.equal(res.status, 200);
  return (await res.json()) as ThreadBody;
}

describe('restart: comments, avatars and the generated secret survive a restart on the same database', () => {
  let dir: TempDir;
  let first: RunningServer | undefined;
  let second: RunningServer | undefined;
  const email = `restart-${tag}@example.org`;
  let commentId = 0;
  let threadBefore: ThreadBody;
  let secretBefore = '';
  let firstExit: { code: number | null; signal: NodeJS.Signals | null };

  before(async () => {
    dir = tempDir();
    first = await startServer({ dir: dir.path, env: { PARLEY_SECRET: undefined } });
    const res = await postJson(first.baseUrl, { name: 'Rosa', email, body: `Before the restart ${tag}` });
    assert.equal(res.status, 201, await res.clone().text());
    commentId = ((await res.json()) as PostBody).comment.id;
    approve(first.dbFile, commentId);
    threadBefore = await getThread(first.baseUrl);
    secretBefore = readFileSync(join(dir.path, 'parley.secret'), 'utf8');
    await first.stop();
    firstExit = await first.exited;
    second = await startServer({ dir: dir.path, port: first.port, env: { PARLEY_SECRET: undefined } });
  });

  after(async () => {
    await first?.stop();
    await second?.stop();
    dir?.remove();
  });

  test('without PARLEY_SECRET the server generates parley.secret beside the database, readable only by its owner', () => {
    const file = join(dir.path, 'parley.secret');
    assert.ok(existsSync(join(dir.path, 'parley.db')));
    assert.ok(secretBefore.trim().length >= 32, 'the generated secret is long enough');
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  test('SIGTERM shuts the server down cleanly', () => {
    assert.deepEqual(firstExit, { code: 0, signal: null });
  });

  test('an approved comment is still in the thread after a restart, unchanged down to its avatar URL', async () => {
    assert.ok(second);
    assert.equal(threadBefore.comments.length, 1);
    assert.equal(threadBefore.comments[0]?.id, commentId);
    assert.match(threadBefore.comments[0]?.author?.avatar ?? '', /^\/avatars\/[0-9a-f]{32}\.svg$/);
    const threadAfter = await getThread(second.baseUrl);
    assert.deepEqual(threadAfter, threadBefore);
    const avatar = await fetch(new URL(threadAfter.comments[0]?.author?.avatar ?? '', second.baseUrl));
    assert.equal(avatar.status, 200);
    assert.match(await avatar.text(), /^<svg/);
  });

  test('parley.secret is reused, not regenerated, on restart', () => {
    assert.equal(readFileSync(join(dir.path, 'parley.secret'), 'utf8'), secretBefore);
  });

  test('after the restart a new comment can be posted, its approved author is not held again, and the same email gets the same avatar', async () => {
    assert.ok(second);
    // Same client address as the first post seconds ago: switch off the flood window for this one.
    patchSiteSettings(second.dbFile, 'demo', { floodSeconds: 0 });
    const res = await postJson(second.baseUrl, { name: 'Rosa', email, body: `After the restart ${tag}` });
    assert.equal(res.status, 201, await res.clone().text());
    const posted = (await res.json()) as PostBody;
    assert.equal(posted.comment.status, 'approved');
    assert.equal(posted.comment.author?.avatar, threadBefore.comments[0]?.author?.avatar, 'same email, same secret, same avatar');
    const thread = await getThread(second.baseUrl);
    assert.deepEqual(
      thread.comments.map((c) => c.id),
      [commentId, posted.comment.id],
    );
    assert.equal(thread.article.count, 2);
  });
});

/** The attributes of every `<input>` in a page, e.g. `[{ type: 'hidden', name: 'site', value: 'demo' }]`. */
function inputs(html: string): Record<string, string>[] {
  const decode = (v: string) =>
    v.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/<(?:input|textarea)\b([^>]*)>/g)].map((m) => {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
      if (a[1]) attrs[a[1]] = decode(a[2] ?? '');
    }
    return attrs;
  });
}

describe('npm start on a fresh directory: the demo article and its "Leave a Reply" form', () => {
  let server: RunningServer;
  let base: string;
  const email = `reader-${tag}@example.org`;
  const firstText = `The lanes are long overdue ${tag}`;
  const secondText = `And the loading bays are a fair compromise ${tag}`;

  /** Posts the demo page's form as a browser would: its hidden fields plus what the reader typed. */
  async function submitDemoForm(typed: Record<string, string>): Promise<Response> {
    const page = await (await fetch(`${base}/`)).text();
    const hidden = inputs(page).filter((i) => i.type === 'hidden' && i.name);
    const fields = new URLSearchParams();
    for (const input of hidden) fields.append(input.name ?? '', input.value ?? '');
    for (const [name, value] of Object.entries({ url: '', homepage: '', ...typed })) fields.set(name, value);
    return fetch(`${base}/api/comments/form`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: base,
        Referer: `${base}/`,
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) ParleyTest',
      },
      body: fields.toString(),
    });
  }

  function idOf(text: string): number {
    const row = withDb(server.dbFile, (db) => db.prepare('select id from comments where body_source = ?').get(text) as { id: number } | undefined);
    assert.ok(row, `no stored comment says “${text}”`);
    return row.id;
  }

  before(async () => {
    server = await startServer();
    base = server.baseUrl;
  });

  after(async () => {
    await server?.stop();
  });

  test('it creates the database file and serves the demo article with the WordPress-style form at /', async () => {
    assert.ok(existsSync(server.dbFile), 'the database file exists');
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    for (const text of ['Leave a Reply', 'Your email address will not be published.', 'Required fields are marked']) {
      assert.ok(html.includes(text), `the page says “${text}”`);
    }
    assert.match(html, /<form[^>]*action="\/api\/comments\/form"[^>]*method="post"/);
    const names = new Set(inputs(html).map((i) => i.name));
    for (const name of ['author', 'email', 'url', 'comment', 'site', 'article']) assert.ok(names.has(name), `a form field named ${name}`);
    const articleUrl = inputs(html).find((i) => i.name === 'articleUrl');
    assert.equal(articleUrl?.value, `${base}/`);
  });

  test('a first-time commenter posting the demo form is sent back to #comment-pending, and the comment is not public yet', async () => {
    const res = await submitDemoForm({ author: 'Reader', email, comment: firstText });
    assert.equal(res.status, 303, await res.text());
    assert.equal(res.headers.get('location'), `${base}/#comment-pending`);
    const stored = withDb(server.dbFile, (db) => db.prepare('select status, email from comments where id = ?').get(idOf(firstText)) as { status: string; email: string });
    assert.deepEqual(stored, { status: 'pending', email });
    const page = await (await fetch(`${base}/`)).text();
    assert.ok(!page.includes(firstText), 'a pending comment is not shown');
  });

  test('once approved, the same author’s next comment is published at once and the form redirects to #comment-{id}', async () => {
    approve(server.dbFile, idOf(firstText));
    // The flood window (15 s per IP or email) would otherwise hold up the second comment.
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0 });
    const res = await submitDemoForm({ author: 'Reader', email, comment: secondText });
    assert.equal(res.status, 303, await res.text());
    const id = idOf(secondText);
    assert.equal(res.headers.get('location'), `${base}/#comment-${id}`);
    const page = await (await fetch(`${base}/`)).text();
    assert.ok(page.includes(secondText), 'the new comment is on the page');
    assert.ok(page.includes(firstText), 'the approved first comment is on the page');
    assert.ok(page.includes(`id="comment-${id}"`), 'the redirect’s anchor exists on the page');
  });

  test('the server logs exactly one line per request, with no body, email, raw path or query', async () => {
    // The line of an earlier test's last request may still be on its way (it is written when the response ends).
    for (let seen = -1; seen !== server.output.length; ) {
      seen = server.output.length;
      await sleep(150);
    }
    const start = server.output.length;
    const canaryEmail = `Log-${tag}@Example.org`;
    const secret = randomBytes(6).toString('hex');
    const expected: [string, number][] = [];
    const call = async (method: string, path: string, init: RequestInit, status: number) => {
      const res = await fetch(`${base}${path}`, { method, redirect: 'manual', ...init });
      await res.arrayBuffer();
      assert.equal(res.status, status, `${method} ${path}`);
      expected.push([method, status]);
    };
    const json = { 'Content-Type': 'application/json', Origin: base };
    await call('GET', '/', {}, 200);
    await call('GET', '/healthz', {}, 200);
    await call('GET', `/api/comments?site=demo&article=/&utm=${secret}`, {}, 200);
    await call(
      'POST',
      '/api/comments',
      { headers: json, body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${base}/`, name: 'Logan', email: canaryEmail, body: `Body ${secret}` }) },
      201,
    );
    await call(
      'POST',
      '/api/comments/form',
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
        body: new URLSearchParams({ site: 'demo', article: '/', articleUrl: `${base}/`, author: 'Logan', email: `form-${canaryEmail}`, comment: `Form ${secret}` }).toString(),
      },
      303,
    );
    await call('GET', `/no-such-page-${secret}`, {}, 404);
    await call('POST', '/api/comments', { headers: json, body: `{"email":"${canaryEmail}","body":"${secret}"` }, 400);

    await waitFor(() => server.output.length >= start + expected.length);
    await sleep(150); // anything extra would show up now
    const lines = server.output.slice(start);
    assert.equal(lines.length, expected.length, `one line per request, got:\n${lines.join('\n')}`);
    lines.forEach((line, i) => {
      const match = /^([A-Z]+) (\S+) (\d{3}) \d+(?:\.\d+)?ms$/.exec(line);
      assert.ok(match, `log line format: ${line}`);
      assert.deepEqual([match[1], Number(match[3])], expected[i], line);
    });
    for (const line of lines) {
      const lower = line.toLowerCase();
      assert.ok(!lower.includes(canaryEmail.toLowerCase()), `an email in the log: ${line}`);
      assert.ok(!line.includes('@'), `something like an email in the log: ${line}`);
      assert.ok(!line.includes(secret), `a body, raw path or query in the log: ${line}`);
      assert.ok(!line.includes('127.0.0.1'), `an IP address in the log: ${line}`);
    }
  });
});

describe('PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD on start', () => {
  test('create that moderator on a fresh install, who can sign in at once; a second start updates the password', async () => {
    const dir = tempDir();
    try {
      const env = { PARLEY_ADMIN_EMAIL: 'chief@news.example', PARLEY_ADMIN_PASSWORD: 'first-password' };
      const signIn = (base: string, password: string) =>
        fetch(`${base}/api/admin/session`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'chief@news.example', password }),
        });
      const first = await startServer({ dir: dir.path, env });
      try {
        assert.ok(first.output.some((l) => l.includes('Moderator chief@news.example created')));
        const res = await signIn(first.baseUrl, 'first-password');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('set-cookie') ?? '', /parley_session=.+HttpOnly/i);
      } finally {
        await first.stop();
      }
      const second = await startServer({ dir: dir.path, env: { ...env, PARLEY_ADMIN_PASSWORD: 'second-password' } });
      try {
        assert.ok(second.output.some((l) => l.includes('Moderator chief@news.example updated')));
        assert.equal((await signIn(second.baseUrl, 'first-password')).status, 401);
        assert.equal((await signIn(second.baseUrl, 'second-password')).status, 200);
        assert.equal(withDb(join(dir.path, 'parley.db'), (db) => (db.prepare('select count(*) as n from moderators').get() as { n: number }).n), 1);
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });
});

// Privacy, end to end: the real server process, real HTTP, the real SQLite file. Comments are posted
// with canary emails, IPs and user agents; then every public response (bodies and headers) and the
// server's log are searched for them, in every spelling and hash a leak could take.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { approve, patchSiteSettings, sleep, startServer, withDb, type RunningServer } from './server.js';

interface Captured {
  label: string;
  method: string;
  url: string;
  status: number;
  headers: [string, string][];
  body: string;
}

interface PublicAuthor {
  name: string;
  url: string | null;
  avatar: string;
  moderator: boolean;
}

interface PublicComment {
  id: number;
  parentId: number | null;
  author: PublicAuthor | null;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted?: boolean;
  replies: PublicComment[];
}

interface ThreadBody {
  article: { key: string; count: number };
  comments: PublicComment[];
  nextCursor: string | null;
}

interface PostBody {
  comment: PublicComment & { status: string };
  editToken: string;
  editableUntil: string;
}

interface StoredRow {
  id: number;
  email: string;
  ip: string | null;
  user_agent: string | null;
  status: string;
  deleted: number;
  body_source: string;
}

interface Needle {
  what: string;
  value: string;
}

const tag = randomBytes(6).toString('hex');
const marker = randomBytes(6).toString('hex');

/** Mixed case on purpose: a leak could be the address as typed, lowercased or uppercased. */
const EMAIL_A = `Canary-${tag}-A@Example.ORG`;
const EMAIL_B = `canary-${tag}-b@example.org`;
const EMAIL_C = `canary-${tag}-c@example.org`;
const EMAIL_D = `canary-${tag}-d@example.org`;
const EMAIL_Z = `canary-${tag}-z@example.org`;
const EMAILS = [EMAIL_A, EMAIL_B, EMAIL_C, EMAIL_D, EMAIL_Z];

const IPV4 = '198.51.100.77';
const IPV4_OTHER = '198.51.100.78';
const IPV4_STORED = '198.51.100.0';
const IPV6 = '2001:db8:1234:5678::abcd';
const IPV6_STORED = '2001:db8:1234::';
const USER_AGENT = `ParleyCanaryAgent/${tag}`;

const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

function emailNeedles(): Needle[] {
  const needles: Needle[] = [{ what: 'the shared canary prefix of every email', value: `canary-${tag}` }];
  for (const email of EMAILS) {
    const local = email.slice(0, email.indexOf('@'));
    const variants = new Set([email, email.toLowerCase(), email.toUpperCase()]);
    for (const v of variants) {
      needles.push({ what: `email ${v}`, value: v });
      needles.push({ what: `URL-encoded email ${v}`, value: encodeURIComponent(v) });
      needles.push({ what: `base64 of email ${v}`, value: Buffer.from(v).toString('base64').replace(/=+$/, '') });
      for (const algorithm of ['md5', 'sha1', 'sha256']) {
        // 16 hex digits: catches the full digest and any truncation of it down to 64 bits.
        needles.push({ what: `${algorithm} of email ${v}`, value: hex(algorithm, v).slice(0, 16) });
      }
    }
    needles.push({ what: `local part of email ${email}`, value: local });
  }
  return needles;
}

const IP_NEEDLES: Needle[] = [
  { what: 'the canary IPv4 address', value: IPV4 },
  { what: 'the second canary IPv4 address', value: IPV4_OTHER },
  { what: 'the stored (anonymised) IPv4 address', value: IPV4_STORED },
  { what: 'any address in the canary IPv4 /24', value: '198.51.100.' },
  { what: 'the canary IPv6 address', value: IPV6 },
  { what: 'the stored (anonymised) IPv6 address', value: IPV6_STORED },
  { what: 'any address in the canary IPv6 /48', value: '2001:db8:1234' },
];

const PRIVATE_NEEDLES = [...emailNeedles(), ...IP_NEEDLES];

/** Every (record, needle) pair where the needle occurs, case-insensitively, in `text(record)`. */
function leaks<T>(items: T[], text: (item: T) => string, label: (item: T) => string, needles: Needle[]): string[] {
  const found: string[] = [];
  for (const item of items) {
    const haystack = text(item).toLowerCase();
    for (const needle of needles) {
      if (haystack.includes(needle.value.toLowerCase())) found.push(`${needle.what} in ${label(item)}`);
    }
  }
  return found;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function walk(comments: PublicComment[]): PublicComment[] {
  return comments.flatMap((c) => [c, ...walk(c.replies)]);
}

describe('privacy: a commenter’s email and IP never leave the server except to moderators', () => {
  let server: RunningServer;
  let base: string;
  const captured: Captured[] = [];
  const ids = { a: 0, b: 0, c: 0, d: 0, e: 0 };
  let avatarOfA = '';

  async function hit(label: string, path: string, init: RequestInit = {}): Promise<Captured> {
    const url = new URL(path, base).href;
    const res = await fetch(url, { redirect: 'manual', ...init });
    const record: Captured = {
      label,
      method: init.method ?? 'GET',
      url,
      status: res.status,
      headers: [...res.headers.entries()],
      body: await res.text(),
    };
    captured.push(record);
    return record;
  }

  function postJson(label: string, body: Record<string, unknown>, ip: string, extra: Record<string, string> = {}) {
    return hit(label, '/api/comments', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: base,
        'X-Forwarded-For': ip,
        'User-Agent': USER_AGENT,
        ...extra,
      },
      body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${base}/`, ...body }),
    });
  }

  function postForm(label: string, fields: Record<string, string>, ip: string) {
    return hit(label, '/api/comments/form', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: base,
        Referer: `${base}/`,
        'X-Forwarded-For': ip,
        'User-Agent': USER_AGENT,
      },
      body: new URLSearchParams({ site: 'demo', article: '/', articleUrl: `${base}/`, url: '', ...fields }).toString(),
    });
  }

  function created(record: Captured): PostBody {
    assert.equal(record.status, 201, `${record.label}: ${record.body}`);
    return JSON.parse(record.body) as PostBody;
  }

  function storedRow(id: number): StoredRow | undefined {
    return withDb(server.dbFile, (db) =>
      db.prepare('select id, email, ip, user_agent, status, deleted, body_source from comments where id = ?').get(id) as
        | StoredRow
        | undefined,
    );
  }

  function lastCommentId(): number {
    return withDb(server.dbFile, (db) => (db.prepare('select max(id) as id from comments').get() as { id: number }).id);
  }

  function byLabel(label: string): Captured {
    const record = captured.find((r) => r.label === label);
    assert.ok(record, `no response was captured as “${label}”`);
    return record;
  }

  before(async () => {
    server = await startServer({ env: { PARLEY_TRUSTED_PROXIES: '1' } });
    base = server.baseUrl;
    // Several canaries post within seconds of each other from one /24: switch the flood check off for now.
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 0 });

    // Top-level comments: JSON (IPv4), the plain form (IPv4), JSON (IPv6).
    const a = created(
      await postJson('201 of the JSON post A', { name: 'Amal', email: EMAIL_A, url: 'https://amal.example/', body: `First comment ${marker}-a` }, IPV4),
    );
    ids.a = a.comment.id;
    avatarOfA = a.comment.author?.avatar ?? '';
    const b = await postForm('303 of the form post B', { author: 'Bea', email: EMAIL_B, comment: `Second comment ${marker}-b` }, IPV4);
    assert.equal(b.status, 303, b.body);
    ids.b = lastCommentId();
    const c = created(await postJson('201 of the JSON post C', { name: 'Cai', email: EMAIL_C, body: `Third comment ${marker}-c` }, IPV6));
    ids.c = c.comment.id;
    approve(server.dbFile, ids.a, ids.b, ids.c);

    // A reply to A by a first-time commenter, then approved.
    const d = created(
      await postJson('201 of the JSON reply D', { name: 'Dov', email: EMAIL_D, parentId: ids.a, body: `A reply ${marker}-d` }, IPV4_OTHER),
    );
    ids.d = d.comment.id;
    approve(server.dbFile, ids.d);

    // A form reply to C by A's author, typing the address in capitals: approved at once (first-time rule).
    const e = await postForm(
      '303 of the form reply E',
      { author: 'Amal', email: EMAIL_A.toUpperCase(), comment: `Another reply ${marker}-e`, comment_parent: String(ids.c) },
      IPV4,
    );
    assert.equal(e.status, 303, e.body);
    ids.e = lastCommentId();

    // The author edits C, and deletes A (which has a reply, so it stays as a placeholder).
    const edited = await hit('200 of the edit of C', `/api/comments/${ids.c}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Origin: base, 'X-Edit-Token': c.editToken, 'User-Agent': USER_AGENT },
      body: JSON.stringify({ body: `Third comment, edited ${marker}-c2` }),
    });
    assert.equal(edited.status, 200, edited.body);
    await hit('403 of an edit with a wrong token', `/api/comments/${ids.b}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Origin: base, 'X-Edit-Token': 'not-the-token' },
      body: JSON.stringify({ body: 'nope' }),
    });
    const deleted = await hit('204 of the delete of A', `/api/comments/${ids.a}`, {
      method: 'DELETE',
      headers: { Origin: base, 'X-Edit-Token': a.editToken },
    });
    assert.equal(deleted.status, 204, deleted.body);

    // Error responses to requests that carry the canaries. Flood check back on for the 429s.
    patchSiteSettings(server.dbFile, 'demo', { floodSeconds: 15 });
    await postJson('409 of a duplicate JSON post', { name: 'Cai', email: EMAIL_C, body: `Third comment, edited ${marker}-c2` }, IPV6);
    await postForm('409 page of a duplicate form post', { author: 'Bea', email: EMAIL_B, comment: `Second comment ${marker}-b` }, IPV4);
    await postJson('429 of a JSON flood', { name: 'Bea', email: EMAIL_B, body: `Too fast ${marker}-f1` }, IPV4);
    await postForm('429 page of a form flood', { author: 'Bea', email: EMAIL_B, comment: `Too fast ${marker}-f2` }, IPV4);
    await postForm('422 page of a form without a comment', { author: 'Bea', email: EMAIL_B, comment: '   ' }, IPV4);
    await postForm('422 page of a form with a malformed email', { author: 'Bea', email: `canary-${tag}-b@`, comment: `Bad ${marker}` }, IPV4);
    await postJson('422 of a JSON post with a too-long name', { name: 'x'.repeat(101), email: EMAIL_B, body: `Long ${marker}` }, IPV4);
    await postJson('403 of a JSON post from a foreign origin', { name: 'Bea', email: EMAIL_B, body: `Foreign ${marker}` }, IPV4, {
      Origin: 'https://evil.example',
    });
    await postJson('404 of a JSON post to an unknown site', { site: 'no-such-site', name: 'Bea', email: EMAIL_B, body: `Nowhere ${marker}` }, IPV4);
    await hit('400 of malformed JSON', '/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base, 'X-Forwarded-For': IPV4, 'User-Agent': USER_AGENT },
      body: `{"site":"demo","email":"${EMAIL_B}",`,
    });
    await hit('415 of a post that is not JSON', '/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: base, 'X-Forwarded-For': IPV4, 'User-Agent': USER_AGENT },
      body: `email=${EMAIL_B}`,
    });
    await postJson('413 of a body over the limit', { name: 'Bea', email: EMAIL_B, body: 'x'.repeat(70 * 1024) }, IPV4);

    // Readers report and like comments from the canary addresses (JSON with a reader id, and the no-JavaScript form).
    const reader = (ip: string, id: string) => ({ Origin: base, 'X-Forwarded-For': ip, 'User-Agent': USER_AGENT, 'X-Parley-Reader': id });
    for (const [ip, id] of [[IPV4, 'reader-canary-000000001'], [IPV6, 'reader-canary-000000002']] as const) {
      const reported = await hit(`202 of a report from ${ip}`, `/api/comments/${ids.c}/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...reader(ip, id) },
        body: JSON.stringify({ reason: 'abuse', text: `Report note ${marker}` }),
      });
      assert.equal(reported.status, 202, reported.body);
      const liked = await hit(`200 of a like from ${ip}`, `/api/comments/${ids.d}/reaction`, { method: 'PUT', headers: reader(ip, id) });
      assert.equal(liked.status, 200, liked.body);
    }
    await hit('200 of an unlike', `/api/comments/${ids.d}/reaction`, { method: 'DELETE', headers: reader(IPV4, 'reader-canary-000000001') });
    await hit('404 of a report of a missing comment', '/api/comments/99999999/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...reader(IPV4, 'reader-canary-000000001') },
      body: JSON.stringify({ reason: 'spam' }),
    });
    await hit('422 of a report with no reason', `/api/comments/${ids.d}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...reader(IPV4, 'reader-canary-000000001') },
      body: JSON.stringify({ text: EMAIL_B }),
    });
    await hit('the report page', `/report/${ids.d}`);
    await hit('200 page of a form report', `/api/comments/${ids.d}/reports/form`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, 'X-Forwarded-For': IPV4_OTHER, 'User-Agent': USER_AGENT },
      body: new URLSearchParams({ reason: 'spam', text: `Form note ${marker}` }).toString(),
    });
    await hit('the thread, best first', '/api/comments?site=demo&article=/&sort=best');
    await hit('the thread, featured only', '/api/comments?site=demo&article=/&filter=featured');

    // The public pages and endpoints.
    await hit('the demo page', '/');
    await hit('HEAD of the demo page', '/', { method: 'HEAD' });
    for (const id of Object.values(ids)) await hit(`the demo page replying to ${id}`, `/?replytocom=${id}`);
    const thread = await hit('the thread', '/api/comments?site=demo&article=/');
    await hit('the thread, oldest first, with an Origin', '/api/comments?site=demo&article=/&sort=oldest', { headers: { Origin: base } });
    await hit('the thread, newest first', '/api/comments?site=demo&article=/&sort=newest');
    const etag = thread.headers.find(([k]) => k === 'etag')?.[1];
    if (etag) await hit('304 of the thread', '/api/comments?site=demo&article=/', { headers: { 'If-None-Match': etag } });
    for (const sort of ['oldest', 'newest']) {
      let cursor: string | null = null;
      for (let page = 1; page <= 20; page++) {
        const query: string = `/api/comments?site=demo&article=/&sort=${sort}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const record = await hit(`page ${page} of the thread, ${sort} first`, query);
        cursor = (JSON.parse(record.body) as ThreadBody).nextCursor;
        if (!cursor) break;
        // A cursor is opaque to clients, but it must not smuggle anything either.
        captured.push({ ...record, label: `decoded cursor after page ${page}, ${sort} first`, headers: [], body: Buffer.from(cursor, 'base64').toString('latin1') });
      }
    }
    await hit('the counts', '/api/counts?site=demo&article=/&article=/elsewhere', { headers: { Origin: base } });
    await hit('the CORS preflight', '/api/comments', {
      method: 'OPTIONS',
      headers: { Origin: base, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    await hit('the health check', '/healthz');
    await hit('the stylesheet', '/assets/parley.css');
    await hit('the widget script', '/widget.js');
    await hit('the count script', '/count.js');
    await hit('the no-JavaScript embed', '/embed?site=demo&article=/');
    await hit('404 of an unknown path', '/no/such/page');
    await hit('404 of an unknown avatar', '/avatars/not-a-hash.svg');
    await hit('404 of a thread on an unknown site', '/api/comments?site=no-such-site&article=/');
    await hit('400 of a bad thread query', '/api/comments?site=demo&article=/&limit=0');
    await hit('400 of a bad cursor', '/api/comments?site=demo&article=/&cursor=bm90LWEtY3Vyc29y');

    // Everything the pages link to on this server, and every avatar any response names.
    const seen = new Set(captured.map((r) => r.url));
    for (let round = 0; round < 3; round++) {
      const links = new Set<string>();
      for (const record of captured) {
        for (const m of record.body.matchAll(/\/avatars\/[0-9a-f]{32}\.svg/g)) links.add(new URL(m[0], base).href);
        for (const m of record.body.matchAll(/(?:href|src)="([^"]*)"/g)) {
          const url = new URL(decodeEntities(m[1] ?? ''), record.url);
          url.hash = '';
          if (url.origin === base) links.add(url.href);
        }
      }
      const fresh = [...links].filter((l) => !seen.has(l));
      if (fresh.length === 0) break;
      for (const link of fresh) {
        seen.add(link);
        await hit(`linked ${link}`, link);
      }
    }
    // Let the last log lines arrive.
    await sleep(200);
  });

  after(async () => {
    await server?.stop();
  });

  test('the posts really happened: the stored rows keep the canary emails and only anonymised IPs', () => {
    const b = storedRow(ids.b);
    const c = storedRow(ids.c);
    const d = storedRow(ids.d);
    const e = storedRow(ids.e);
    assert.equal(b?.email, EMAIL_B);
    assert.equal(b?.ip, IPV4_STORED);
    assert.equal(b?.user_agent, USER_AGENT);
    assert.equal(c?.email, EMAIL_C);
    assert.equal(c?.ip, IPV6_STORED);
    assert.equal(d?.email, EMAIL_D);
    assert.equal(d?.ip, IPV4_STORED);
    assert.equal(e?.email, EMAIL_A.toUpperCase());
    assert.equal(e?.status, 'approved', 'an author with an approved comment is not held again');
    const a = storedRow(ids.a);
    assert.equal(a?.deleted, 1);
    assert.equal(a?.email, '', 'a deleted comment keeps nothing of who wrote it');
    assert.equal(a?.ip, null);
    const ips = withDb(server.dbFile, (db) => db.prepare('select distinct ip from comments').all() as { ip: string | null }[]);
    for (const { ip } of ips) {
      assert.ok(ip !== IPV4 && ip !== IPV4_OTHER && ip !== IPV6, `a full address was stored: ${ip}`);
    }
  });

  test('the public thread shows the reply under a deleted placeholder, the edit, and the form reply', () => {
    const thread = JSON.parse(byLabel('the thread').body) as ThreadBody;
    assert.deepEqual(
      thread.comments.map((c) => c.id),
      [ids.a, ids.b, ids.c],
    );
    const [a, , c] = thread.comments;
    assert.equal(a?.deleted, true);
    assert.equal(a?.author, null);
    assert.equal(a?.html, '');
    assert.deepEqual(a?.replies.map((r) => r.id), [ids.d]);
    assert.match(c?.html ?? '', new RegExp(`edited ${marker}-c2`));
    assert.notEqual(c?.editedAt, null);
    assert.deepEqual(c?.replies.map((r) => r.id), [ids.e]);
    assert.equal(thread.article.count, 4);
    const page = byLabel('the demo page');
    assert.equal(page.status, 200);
    for (const text of [`${marker}-b`, `${marker}-c2`, `${marker}-d`, `${marker}-e`]) assert.ok(page.body.includes(text), text);
    assert.ok(!page.body.includes(`${marker}-a`), 'the deleted comment’s text is gone from the page');
  });

  test('paging with limit=1 walks every top-level comment in both orders', () => {
    for (const [sort, order] of [
      ['oldest', [ids.a, ids.b, ids.c]],
      ['newest', [ids.c, ids.b, ids.a]],
    ] as const) {
      const pages = captured.filter((r) => r.label.startsWith('page ') && r.label.endsWith(`${sort} first`));
      const seen = pages.flatMap((p) => (JSON.parse(p.body) as ThreadBody).comments.map((c) => c.id));
      assert.deepEqual(seen, order, `${sort} first`);
    }
  });

  test('the error responses the crawl relies on have the statuses the contract names', () => {
    const expected: [string, number][] = [
      ['409 of a duplicate JSON post', 409],
      ['409 page of a duplicate form post', 409],
      ['429 of a JSON flood', 429],
      ['429 page of a form flood', 429],
      ['422 page of a form without a comment', 422],
      ['422 page of a form with a malformed email', 422],
      ['422 of a JSON post with a too-long name', 422],
      ['403 of a JSON post from a foreign origin', 403],
      ['404 of a JSON post to an unknown site', 404],
      ['400 of malformed JSON', 400],
      ['415 of a post that is not JSON', 415],
      ['413 of a body over the limit', 413],
      ['403 of an edit with a wrong token', 403],
      ['404 of an unknown path', 404],
      ['404 of an unknown avatar', 404],
      ['404 of a thread on an unknown site', 404],
      ['400 of a bad thread query', 400],
      ['400 of a bad cursor', 400],
      ['304 of the thread', 304],
    ];
    for (const [label, status] of expected) assert.equal(byLabel(label).status, status, label);
    for (const label of ['429 of a JSON flood', '429 page of a form flood']) {
      assert.ok(byLabel(label).headers.some(([k]) => k === 'retry-after'), `${label} has Retry-After`);
    }
    for (const label of ['409 page of a duplicate form post', '429 page of a form flood', '422 page of a form without a comment']) {
      assert.match(byLabel(label).headers.find(([k]) => k === 'content-type')?.[1] ?? '', /^text\/html/, label);
    }
    assert.equal(byLabel('303 of the form post B').headers.find(([k]) => k === 'location')?.[1], `${base}/#comment-pending`);
    assert.equal(byLabel('303 of the form reply E').headers.find(([k]) => k === 'location')?.[1], `${base}/#comment-${ids.e}`);
    const avatars = captured.filter((r) => r.label.startsWith('linked ') && r.url.includes('/avatars/'));
    assert.ok(avatars.length >= 3, 'the avatars of the thread were fetched');
    for (const avatar of avatars) assert.equal(avatar.status, 200, avatar.url);
  });

  test('no public response body contains a canary email (any case, encoded or hashed) or a canary IP', () => {
    assert.ok(captured.length > 40, `only ${captured.length} responses were captured`);
    const found = leaks(captured, (r) => r.body, (r) => `the body of ${r.label} (${r.method} ${r.url} → ${r.status})`, PRIVATE_NEEDLES);
    assert.deepEqual(found, []);
  });

  test('no public response header contains a canary email or a canary IP', () => {
    const found = leaks(
      captured,
      (r) => r.headers.map(([k, v]) => `${k}: ${v}`).join('\n'),
      (r) => `the headers of ${r.label} (${r.method} ${r.url} → ${r.status})`,
      PRIVATE_NEEDLES,
    );
    assert.deepEqual(found, []);
  });

  test('reports and reactions are stored with keyed hashes only: no IP, anonymised IP, plain hash of one, or reader id', () => {
    const rows = withDb(server.dbFile, (db) => [
      ...(db.prepare('select * from comment_reports').all() as Array<Record<string, unknown>>),
      ...(db.prepare('select * from comment_reactions').all() as Array<Record<string, unknown>>),
    ]);
    assert.ok(rows.length >= 4, `reports and reactions were stored (${rows.length})`);
    const hashed: Needle[] = [];
    for (const ip of [IPV4, IPV4_OTHER, IPV4_STORED, IPV6, IPV6_STORED]) {
      for (const algorithm of ['md5', 'sha1', 'sha256']) hashed.push({ what: `${algorithm} of ${ip}`, value: hex(algorithm, ip).slice(0, 16) });
    }
    const needles = [...PRIVATE_NEEDLES, ...hashed, { what: 'a reader id', value: 'reader-canary' }];
    assert.deepEqual(leaks(rows, (r) => JSON.stringify(r), (r) => `stored row ${JSON.stringify(r).slice(0, 60)}`, needles), []);
    const keys = new Set(rows.map((r) => r.reader_key));
    assert.ok(keys.size >= 3, 'readers on different networks get different keys');
  });

  test('the commenter’s user agent is not shown publicly either', () => {
    const needle = [{ what: 'the canary user agent', value: USER_AGENT }];
    const found = [
      ...leaks(captured, (r) => r.body, (r) => `the body of ${r.label}`, needle),
      ...leaks(captured, (r) => r.headers.map(([k, v]) => `${k}: ${v}`).join('\n'), (r) => `the headers of ${r.label}`, needle),
    ];
    assert.deepEqual(found, []);
  });

  test('the server log names no email, IP, user agent or comment text', () => {
    assert.ok(server.output.length > 40, `only ${server.output.length} log lines`);
    const needles = [
      ...PRIVATE_NEEDLES,
      { what: 'the canary user agent', value: USER_AGENT },
      { what: 'comment text', value: marker },
      { what: 'an edit token', value: 'not-the-token' },
    ];
    const found = leaks(server.output, (line) => line, (line) => `the log line “${line}”`, needles);
    assert.deepEqual(found, []);
  });

  test('avatar URLs are keyed hashes, not a plain MD5 or SHA of the email', () => {
    const thread = JSON.parse(byLabel('the thread').body) as ThreadBody;
    const authored = walk(thread.comments).filter((c) => c.author !== null);
    assert.equal(authored.length, 4);
    const plain = EMAILS.flatMap((email) =>
      [email, email.toLowerCase(), email.trim().toLowerCase()].flatMap((v) => ['md5', 'sha1', 'sha256'].map((a) => hex(a, v))),
    );
    const avatars = [avatarOfA, ...authored.map((c) => c.author?.avatar ?? '')];
    for (const avatar of avatars) {
      const match = /^\/avatars\/([0-9a-f]+)\.svg$/.exec(avatar);
      assert.ok(match?.[1], `avatar URL ${avatar}`);
      const hash = match[1];
      for (const digest of plain) {
        assert.ok(!digest.includes(hash) && !hash.includes(digest.slice(0, 16)), `${avatar} is a plain hash of an email`);
      }
    }
    // Keyed on the lowercased email: the same author typing in capitals gets the same avatar.
    const e = authored.find((c) => c.id === ids.e);
    assert.equal(e?.author?.avatar, avatarOfA);
    const distinct = new Set(authored.map((c) => c.author?.avatar));
    assert.equal(distinct.size, 4, 'different emails give different avatars');
  });
});

describe('privacy: X-Forwarded-For is ignored unless a proxy is trusted', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  test('a client-sent X-Forwarded-For is neither stored nor shown; the socket address is stored anonymised', async () => {
    const base = server.baseUrl;
    const res = await fetch(`${base}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base, 'X-Forwarded-For': IPV4 },
      body: JSON.stringify({ site: 'demo', article: '/', articleUrl: `${base}/`, name: 'Zed', email: EMAIL_Z, body: `Spoofed ${marker}` }),
    });
    const body = await res.text();
    assert.equal(res.status, 201, body);
    const { comment } = JSON.parse(body) as PostBody;
    const row = withDb(server.dbFile, (db) => db.prepare('select email, ip from comments where id = ?').get(comment.id) as { email: string; ip: string | null });
    assert.equal(row.email, EMAIL_Z);
    assert.equal(row.ip, '127.0.0.0');
    const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
    assert.deepEqual(leaks([body, headers], (t) => t, () => 'the 201 response', PRIVATE_NEEDLES), []);
    await sleep(100);
    assert.deepEqual(leaks(server.output, (l) => l, (l) => `the log line “${l}”`, PRIVATE_NEEDLES), []);
  });
});

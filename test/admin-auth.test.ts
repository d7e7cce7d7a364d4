// Moderator authentication end to end: every /api/admin/* path refuses anonymous and wrong
// credentials, sign-in sets the session cookie the contract describes, cookie writes need the CSRF
// token and a same-origin request, sessions end (logout, expiry), and failed sign-ins are slowed
// down and then refused, per account and per IP, without storing the raw IP.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';
import { onWorker } from './worker-target.js';

/** The service's own origin in these tests (the harness signs in with absolute URLs on it). */
const HOST = 'http://parley.test';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

interface SignInBody {
  moderator: { id: number; email: string; name: string };
  csrfToken: string;
  expiresAt: string;
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text) as ErrorBody;
  assert.equal(body.error.code, code, text);
  assert.equal(typeof body.error.message, 'string');
  return body;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The value of the parley_session cookie in a Set-Cookie header. */
function cookieValue(setCookie: string | null): string {
  const match = /(?:^|;\s*)parley_session=([^;]*)/.exec(setCookie ?? '');
  assert.ok(match?.[1], `no parley_session in ${setCookie ?? '(none)'}`);
  return match[1];
}

/** Lowercased attribute names of a Set-Cookie header (HttpOnly, Secure, …) and their values. */
function cookieAttributes(setCookie: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of setCookie.split(';').slice(1)) {
    const [name = '', ...rest] = part.trim().split('=');
    attributes.set(name.toLowerCase(), rest.join('='));
  }
  return attributes;
}

function signInRequest(s: Service, credentials: Json, headers: Record<string, string> = {}, base = HOST) {
  return s.request(`${base}/api/admin/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base, ...headers },
    body: JSON.stringify(credentials),
  });
}

/** Every admin path and method, with a body that would change something if it were accepted. */
const ADMIN_REQUESTS: Array<{ method: string; path: string; body?: Json }> = [
  { method: 'GET', path: '/api/admin/comments' },
  { method: 'POST', path: '/api/admin/comments', body: { body: 'x' } },
  { method: 'PATCH', path: '/api/admin/comments', body: { body: 'x' } },
  { method: 'DELETE', path: '/api/admin/comments' },
  { method: 'GET', path: '/api/admin/comments/1' },
  { method: 'POST', path: '/api/admin/comments/1', body: { body: 'x' } },
  { method: 'PATCH', path: '/api/admin/comments/1', body: { body: 'Rewritten by nobody.', name: 'Nobody' } },
  { method: 'DELETE', path: '/api/admin/comments/1' },
  ...['approve', 'unapprove', 'spam', 'trash', 'restore'].map((action) => ({ method: 'POST', path: `/api/admin/comments/1/${action}` })),
  { method: 'POST', path: '/api/admin/comments/1/reply', body: { body: 'A reply from nobody.' } },
  { method: 'POST', path: '/api/admin/comments/bulk', body: { ids: [1], action: 'approve' } },
  { method: 'GET', path: '/api/admin/stats' },
  { method: 'GET', path: '/api/admin/sites' },
  { method: 'GET', path: '/api/admin/sites/news' },
  { method: 'PUT', path: '/api/admin/sites/news', body: { origins: ['https://evil.example'], approval: 'none' } },
  { method: 'PUT', path: '/api/admin/sites/newsite', body: { origins: ['https://evil.example'] } },
  { method: 'GET', path: '/api/admin/audit' },
  { method: 'GET', path: '/api/admin/session' },
  { method: 'DELETE', path: '/api/admin/session' },
  { method: 'GET', path: '/api/admin/whatever' },
  { method: 'POST', path: '/api/admin/whatever', body: {} },
];

describe('every admin path refuses requests without valid moderator credentials', () => {
  let s: Service;
  let commentId: number;
  let settingsBefore: string;
  let expiredCookie: string;
  before(async () => {
    s = await startService();
    const res = await s.post({ email: 'held@example.org', body: 'Waiting for a moderator.' });
    commentId = ((await res.json()) as { comment: { id: number } }).comment.id;
    assert.equal(commentId, 1);
    s.later();
    const moderator = await s.addModerator();
    // A session that was real once and has run out.
    const expired = await s.signIn(moderator);
    expiredCookie = expired.Cookie;
    s.clock.now += 12 * 3_600_000 + 1000;
    settingsBefore = JSON.stringify(s.rows('select slug, settings from sites order by slug'));
  });
  after(() => s.close());

  const credentials: Array<[string, () => Record<string, string>]> = [
    ['no credentials', () => ({})],
    ['a wrong bearer token', () => ({ Authorization: 'Bearer pt_not-a-token-anyone-was-given' })],
    ['an unknown session cookie', () => ({ Cookie: 'parley_session=made-up-session-value', 'X-CSRF-Token': 'made-up' })],
    ['an expired session cookie', () => ({ Cookie: expiredCookie, 'X-CSRF-Token': 'whatever' })],
  ];

  for (const [what, headers] of credentials) {
    test(`with ${what}, every admin path and method answers 401 unauthorized and changes nothing`, async () => {
      for (const { method, path, body } of ADMIN_REQUESTS) {
        const res = await s.request(`${HOST}${path}`, {
          method,
          headers: {
            ...headers(),
            Origin: HOST,
            ...(body ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const label = `${what}: ${method} ${path}`;
        const text = await res.text();
        assert.equal(res.status, 401, `${label} → ${res.status} ${text}`);
        const error = JSON.parse(text) as ErrorBody;
        assert.equal(error.error.code, 'unauthorized', label);
        assert.equal(res.headers.get('cache-control'), 'no-store', label);
        assert.equal(res.headers.get('access-control-allow-origin'), null, label);
      }
      const [row] = s.rows<Json>('select status, name, body_source from comments where id = ?', commentId);
      assert.deepEqual({ ...row }, { status: 'pending', name: 'Amal', body_source: 'Waiting for a moderator.' });
      assert.equal(s.count(), 1);
      assert.equal(s.count('select count(*) as n from audit_log'), 0);
      assert.equal(JSON.stringify(s.rows('select slug, settings from sites order by slug')), settingsBefore);
      assert.equal(s.count('select count(*) as n from sites'), 1);
    });
  }

  test('the expired session is refused even though its row may still be in the table', async () => {
    const res = await s.request(`${HOST}/api/admin/session`, { headers: { Cookie: expiredCookie } });
    await expectError(res, 401, 'unauthorized');
    const id = sha256(decodeURIComponent(expiredCookie.replace(/^parley_session=/, '')));
    const [session] = s.rows<{ expires_at: number }>('select expires_at from sessions where id = ?', id);
    assert.ok(session, 'the expired session row is still stored');
    assert.ok(session.expires_at < s.clock.now);
  });
});

describe('POST /api/admin/session (signing in)', () => {
  let s: Service;
  let moderator: { email: string; password: string; name: string };
  before(async () => {
    s = await startService();
    moderator = await s.addModerator();
  });
  after(() => s.close());

  test('the right password answers the moderator and a CSRF token, and sets an HttpOnly, SameSite=Strict session cookie without Secure over http', async () => {
    const res = await signInRequest(s, { email: moderator.email, password: moderator.password });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = (await res.json()) as SignInBody;
    const [stored] = s.rows<{ id: number }>('select id from moderators where email = ?', moderator.email);
    assert.ok(stored);
    assert.deepEqual(body.moderator, { id: stored.id, email: 'mod@example.org', name: 'Mo Derator' });
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{32,}$/);
    assert.equal(Date.parse(body.expiresAt), s.clock.now + 12 * 3_600_000);

    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^parley_session=/);
    const value = cookieValue(setCookie);
    const attributes = cookieAttributes(setCookie);
    assert.ok(attributes.has('httponly'), setCookie);
    assert.equal(attributes.get('samesite')?.toLowerCase(), 'strict', setCookie);
    assert.equal(attributes.get('path'), '/', setCookie);
    assert.equal(attributes.has('secure'), false, setCookie);

    // The table holds the SHA-256 of the cookie's value, never the value itself.
    const sessions = s.rows<{ id: string; moderator_id: number; csrf_token: string; expires_at: number }>('select * from sessions');
    assert.equal(sessions.length, 1);
    const [session] = sessions;
    assert.ok(session);
    assert.equal(session.id, sha256(value));
    assert.notEqual(session.id, value);
    assert.ok(!JSON.stringify(sessions).includes(value));
    assert.equal(session.moderator_id, stored.id);
    assert.equal(session.csrf_token, body.csrfToken);
    assert.equal(session.expires_at, s.clock.now + 12 * 3_600_000);

    // The cookie works.
    const me = await s.request(`${HOST}/api/admin/session`, { headers: { Cookie: `parley_session=${value}` } });
    assert.equal(me.status, 200);
    const meBody = (await me.json()) as { moderator: SignInBody['moderator']; csrfToken: string };
    assert.deepEqual(meBody.moderator, body.moderator);
    assert.equal(meBody.csrfToken, body.csrfToken);
  });

  test('over https the session cookie is also Secure', async () => {
    const res = await signInRequest(s, { email: moderator.email, password: moderator.password }, {}, 'https://parley.test');
    assert.equal(res.status, 200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const attributes = cookieAttributes(setCookie);
    assert.ok(attributes.has('secure'), setCookie);
    assert.ok(attributes.has('httponly'), setCookie);
    assert.equal(attributes.get('samesite')?.toLowerCase(), 'strict', setCookie);
    assert.equal(s.count('select count(*) as n from sessions where id = ?', sha256(cookieValue(setCookie))), 1);
  });

  test('an unknown email and a wrong password get the same answer, set no cookie and store no session', async () => {
    const sessionsBefore = s.count('select count(*) as n from sessions');
    const unknown = await signInRequest(s, { email: 'nobody@example.org', password: moderator.password });
    const wrong = await signInRequest(s, { email: moderator.email, password: 'not the password' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, unknown.status);
    const unknownBody = await unknown.text();
    const wrongBody = await wrong.text();
    assert.equal(wrongBody, unknownBody);
    assert.equal((JSON.parse(unknownBody) as ErrorBody).error.code, 'unauthorized');
    assert.ok(!unknownBody.includes('nobody@example.org'));
    assert.equal(unknown.headers.get('set-cookie'), null);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.equal(unknown.headers.get('cache-control'), wrong.headers.get('cache-control'));
    assert.equal(s.count('select count(*) as n from sessions'), sessionsBefore);
    // Both failures are counted the same way (one account row and one IP row each).
    assert.equal(s.count('select count(*) as n from login_attempts'), 3);
    // A success clears the account's and this IP's counters.
    assert.equal((await signInRequest(s, { email: moderator.email, password: moderator.password })).status, 200);
  });

  test('the email is matched without regard to case or surrounding spaces', async () => {
    const res = await signInRequest(s, { email: '  MOD@Example.ORG ', password: moderator.password });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as SignInBody).moderator.email, 'mod@example.org');
  });

  test('a sign-in from a page on another site is forbidden and creates no session', async () => {
    const sessionsBefore = s.count('select count(*) as n from sessions');
    const fromEvil = await signInRequest(s, { email: moderator.email, password: moderator.password }, { Origin: 'https://evil.example' });
    await expectError(fromEvil, 403, 'forbidden');
    assert.equal(fromEvil.headers.get('set-cookie'), null);
    const crossSite = await signInRequest(s, { email: moderator.email, password: moderator.password }, { 'Sec-Fetch-Site': 'cross-site' });
    await expectError(crossSite, 403, 'forbidden');
    assert.equal(crossSite.headers.get('set-cookie'), null);
    assert.equal(s.count('select count(*) as n from sessions'), sessionsBefore);
  });

  test('a sign-in without email or password is validation_failed and stores nothing', async () => {
    const sessionsBefore = s.count('select count(*) as n from sessions');
    const attemptsBefore = s.count('select count(*) as n from login_attempts');
    const body = await expectError(await signInRequest(s, { email: '', password: '' }), 422, 'validation_failed');
    assert.deepEqual(Object.keys(body.error.fields ?? {}).sort(), ['email', 'password']);
    assert.equal(s.count('select count(*) as n from sessions'), sessionsBefore);
    assert.equal(s.count('select count(*) as n from login_attempts'), attemptsBefore);
  });
});

describe('cookie sessions: CSRF and same-origin checks', () => {
  let s: Service;
  let session: Record<string, string>;
  let commentId: number;
  const status = () => s.rows<{ status: string }>('select status from comments where id = ?', commentId)[0]?.status;
  const audits = () => s.count('select count(*) as n from audit_log');
  before(async () => {
    s = await startService();
    const res = await s.post({ email: 'held@example.org', body: 'Held for review.' });
    commentId = ((await res.json()) as { comment: { id: number } }).comment.id;
    s.later();
    session = await s.signIn(await s.addModerator());
  });
  after(() => s.close());

  const approve = (headers: Record<string, string>) =>
    s.request(`${HOST}/api/admin/comments/${commentId}/approve`, { method: 'POST', headers });

  test('a cookie-authenticated write without X-CSRF-Token is forbidden and changes nothing', async () => {
    const { 'X-CSRF-Token': _csrf, ...withoutCsrf } = session;
    await expectError(await approve(withoutCsrf), 403, 'forbidden');
    assert.equal(status(), 'pending');
    assert.equal(audits(), 0);
  });

  test('a cookie-authenticated write with a wrong CSRF token is forbidden and changes nothing', async () => {
    const token = session['X-CSRF-Token'] ?? '';
    for (const wrong of ['wrong', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, `${token}x`, '']) {
      await expectError(await approve({ ...session, 'X-CSRF-Token': wrong }), 403, 'forbidden');
    }
    assert.equal(status(), 'pending');
    assert.equal(audits(), 0);
  });

  test("another session's CSRF token does not work with this session's cookie", async () => {
    const other = await s.signIn({ email: 'mod@example.org', password: 'correct horse battery' });
    await expectError(await approve({ ...session, 'X-CSRF-Token': other['X-CSRF-Token'] ?? '' }), 403, 'forbidden');
    assert.equal(status(), 'pending');
    assert.equal(audits(), 0);
  });

  test('the right CSRF token from a page on another origin is forbidden and changes nothing', async () => {
    await expectError(await approve({ ...session, Origin: 'https://evil.example' }), 403, 'forbidden');
    await expectError(await approve({ ...session, Origin: ORIGIN }), 403, 'forbidden');
    await expectError(await approve({ ...session, Origin: 'null' }), 403, 'forbidden');
    assert.equal(status(), 'pending');
    assert.equal(audits(), 0);
  });

  test('the right CSRF token with Sec-Fetch-Site: cross-site is forbidden and changes nothing', async () => {
    await expectError(await approve({ ...session, 'Sec-Fetch-Site': 'cross-site' }), 403, 'forbidden');
    const { Origin: _origin, ...noOrigin } = session;
    await expectError(await approve({ ...noOrigin, 'Sec-Fetch-Site': 'cross-site' }), 403, 'forbidden');
    assert.equal(status(), 'pending');
    assert.equal(audits(), 0);
  });

  test('a cookie-authenticated site settings change without the CSRF token is forbidden and the settings stay', async () => {
    const before = JSON.stringify(s.rows('select settings from sites'));
    const { 'X-CSRF-Token': _csrf, ...withoutCsrf } = session;
    const res = await s.request(`${HOST}/api/admin/sites/news`, {
      method: 'PUT',
      headers: { ...withoutCsrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origins: ['https://evil.example'], approval: 'none' }),
    });
    await expectError(res, 403, 'forbidden');
    assert.equal(JSON.stringify(s.rows('select settings from sites')), before);
  });

  test('a GET with the cookie alone needs no CSRF token and no Origin', async () => {
    const res = await s.request(`${HOST}/api/admin/comments?status=pending`, { headers: { Cookie: session.Cookie ?? '' } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { comments: Array<{ id: number; status: string; email: string }> };
    assert.deepEqual(
      body.comments.map((c) => [c.id, c.status, c.email]),
      [[commentId, 'pending', 'held@example.org']],
    );
    assert.equal(status(), 'pending');
  });

  test('with the cookie, the right CSRF token and a same-origin request the write goes through and is audited', async () => {
    const res = await approve({ ...session, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { comment: { id: number; status: string } };
    assert.equal(body.comment.status, 'approved');
    assert.equal(status(), 'approved');
    const [audit] = s.rows<Json>('select actor_type, actor_name, action, comment_id, from_status, to_status from audit_log');
    assert.deepEqual({ ...audit }, {
      actor_type: 'moderator',
      actor_name: 'Mo Derator',
      action: 'approve',
      comment_id: commentId,
      from_status: 'pending',
      to_status: 'approved',
    });
  });

  test('a bearer token needs neither a CSRF token nor an Origin', async () => {
    const bearer = await s.addToken();
    const res = await s.request(`/api/admin/comments/${commentId}/spam`, { method: 'POST', headers: bearer });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { comment: { status: string } }).comment.status, 'spam');
    assert.equal(status(), 'spam');
    const [audit] = s.rows<Json>('select actor_type, actor_name, action, from_status, to_status from audit_log order by id desc limit 1');
    assert.deepEqual({ ...audit }, { actor_type: 'token', actor_name: 'ci', action: 'spam', from_status: 'approved', to_status: 'spam' });
  });
});

describe('sessions end', () => {
  let s: Service;
  before(async () => {
    s = await startService();
    await s.addModerator();
  });
  after(() => s.close());

  test('DELETE /api/admin/session logs out: the session row is gone and the cookie no longer works', async () => {
    const session = await s.signIn({ email: 'mod@example.org', password: 'correct horse battery' });
    const value = decodeURIComponent((session.Cookie ?? '').replace(/^parley_session=/, ''));
    assert.equal(s.count('select count(*) as n from sessions where id = ?', sha256(value)), 1);
    const res = await s.request(`${HOST}/api/admin/session`, { method: 'DELETE', headers: session });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    const cleared = res.headers.get('set-cookie') ?? '';
    assert.match(cleared, /^parley_session=;/);
    assert.match(cleared, /Max-Age=0/i);
    assert.equal(s.count('select count(*) as n from sessions where id = ?', sha256(value)), 0);
    await expectError(await s.request(`${HOST}/api/admin/session`, { headers: session }), 401, 'unauthorized');
    await expectError(await s.request(`${HOST}/api/admin/comments`, { headers: session }), 401, 'unauthorized');
  });

  test('a session works until 12 hours have passed and is refused after', async () => {
    const session = await s.signIn({ email: 'mod@example.org', password: 'correct horse battery' });
    s.clock.now += 12 * 3_600_000 - 1000;
    const still = await s.request(`${HOST}/api/admin/stats`, { headers: session });
    assert.equal(still.status, 200);
    assert.ok(((await still.json()) as { totals: unknown }).totals);
    s.clock.now += 2000;
    await expectError(await s.request(`${HOST}/api/admin/stats`, { headers: session }), 401, 'unauthorized');
    const before = JSON.stringify(s.rows('select settings from sites'));
    const write = await s.request(`${HOST}/api/admin/sites/news`, {
      method: 'PUT',
      headers: { ...session, 'Content-Type': 'application/json' },
      body: JSON.stringify({ origins: [ORIGIN], approval: 'none' }),
    });
    await expectError(write, 401, 'unauthorized');
    assert.equal(JSON.stringify(s.rows('select settings from sites')), before);
  });
});

describe('sign-in throttling', () => {
  let s: Service;
  const moderator = { email: 'mod@example.org', password: 'correct horse battery' };
  const fail = (email = moderator.email) => signInRequest(s, { email, password: 'guess' });
  const succeed = () => signInRequest(s, moderator);
  const sessions = () => s.count('select count(*) as n from sessions');
  // Each test starts from a fresh service, so counters do not carry over.
  const fresh = async () => {
    await s?.close();
    s = await startService();
    await s.addModerator(moderator.email, moderator.password);
  };
  after(() => s?.close());

  // The throttle's wait is injected in-process; on the Worker it really waits, unseen by the test.
  const seesWaits = !onWorker;

  test('after 3 failures sign-ins are slowed down, and once 10 have failed even the right password is refused with 429 and Retry-After', async () => {
    await fresh();
    for (let i = 1; i <= 3; i++) {
      await expectError(await fail(), 401, 'unauthorized');
      if (seesWaits) assert.deepEqual(s.sleeps, [], `no waiting after ${i} failures`);
    }
    for (let i = 4; i <= 10; i++) {
      await expectError(await fail(), 401, 'unauthorized');
      if (seesWaits) assert.equal(s.sleeps.length, i - 3, `attempt ${i} waited`);
    }
    assert.ok(s.sleeps.every((ms) => ms > 0));
    assert.ok(s.sleeps.every((ms, i) => i === 0 || ms >= (s.sleeps[i - 1] ?? 0)), `waits do not shrink: ${s.sleeps.join(',')}`);

    const refused = await succeed();
    await expectError(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get('set-cookie'), null);
    await expectError(await fail(), 429, 'rate_limited');
    assert.equal(sessions(), 0);
  });

  test('login_attempts keeps no raw IP address and no raw email', async () => {
    const attempts = s.rows<{ key: string; failures: number }>('select * from login_attempts');
    assert.equal(attempts.length, 2, JSON.stringify(attempts));
    assert.deepEqual(attempts.map((a) => a.failures), [10, 10]);
    const dump = JSON.stringify(attempts);
    assert.ok(!dump.includes('203.0.113'), dump);
    assert.ok(!dump.includes('mod@example.org'), dump);
    const anonymised = '203.0.113.0';
    assert.ok(!dump.includes(sha256(anonymised)) && !dump.includes(sha256('203.0.113.7')), 'not a plain hash of the IP either');
  });

  test('failures count per account: the same email from ten different IPs is refused from any IP', async () => {
    await fresh();
    await s.addModerator('other@example.org', 'another good password', 'Other');
    for (let i = 1; i <= 10; i++) {
      s.peer.address = `198.51.100.${i}`;
      await expectError(await fail(), 401, 'unauthorized');
    }
    s.peer.address = '192.0.2.200';
    await expectError(await succeed(), 429, 'rate_limited');
    assert.equal(sessions(), 0);
    // Another account from a fresh address is not affected.
    const other = await signInRequest(s, { email: 'other@example.org', password: 'another good password' });
    assert.equal(other.status, 200);
    assert.equal(sessions(), 1);
  });

  test('failures count per IP: ten different emails from one IP lock that IP out, even for the right password', async () => {
    await fresh();
    s.peer.address = '203.0.113.7';
    for (let i = 1; i <= 10; i++) await expectError(await fail(`guess${i}@example.org`), 401, 'unauthorized');
    if (seesWaits) assert.ok(s.sleeps.length > 0, 'the IP was slowed down');
    await expectError(await succeed(), 429, 'rate_limited');
    assert.equal(sessions(), 0);
    s.peer.address = '192.0.2.10';
    assert.equal((await succeed()).status, 200);
    assert.equal(sessions(), 1);
  });

  test('a successful sign-in resets the account counter', async () => {
    await fresh();
    for (let i = 1; i <= 9; i++) await expectError(await fail(), 401, 'unauthorized');
    assert.equal((await succeed()).status, 200);
    const waitsSoFar = s.sleeps.length;
    for (let i = 1; i <= 3; i++) await expectError(await fail(), 401, 'unauthorized');
    if (seesWaits) assert.equal(s.sleeps.length, waitsSoFar, 'the first failures after a success are not slowed down');
    for (let i = 4; i <= 9; i++) await expectError(await fail(), 401, 'unauthorized');
    // 18 failures in the window, but only 9 since the success.
    assert.equal((await succeed()).status, 200);
    assert.equal(sessions(), 2);
  });

  test('after the 15-minute window the account can sign in again', async () => {
    await fresh();
    for (let i = 1; i <= 10; i++) await expectError(await fail(), 401, 'unauthorized');
    await expectError(await succeed(), 429, 'rate_limited');
    s.clock.now += 14 * 60_000;
    await expectError(await succeed(), 429, 'rate_limited');
    s.clock.now += 60_000 + 1000;
    const res = await succeed();
    assert.equal(res.status, 200);
    assert.equal(sessions(), 1);
    assert.equal(s.count('select count(*) as n from login_attempts'), 0, 'the success cleared the counters');
  });
});

describe('moderation responses: caching, CORS and API tokens', () => {
  let s: Service;
  let bearer: { Authorization: string };
  before(async () => {
    s = await startService();
    bearer = await s.addToken();
  });
  after(() => s.close());

  test('moderation responses carry Cache-Control: no-store and no CORS headers, even for an origin the public API allows', async () => {
    for (const path of ['/api/admin/comments', '/api/admin/stats', '/api/admin/sites/news', '/api/admin/audit', '/api/admin/session']) {
      const res = await s.request(path, { headers: { ...bearer, Origin: ORIGIN } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('access-control-allow-origin'), null, path);
      assert.equal(res.headers.get('access-control-allow-credentials'), null, path);
      await res.arrayBuffer();
    }
    const preflight = await s.request('/api/admin/comments', {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal(preflight.headers.get('access-control-allow-methods'), null);
    // The same origin does get CORS on the public API, so the header above is absent on purpose.
    const publicRes = await s.request('/api/comments?site=news&article=/x', { headers: { Origin: ORIGIN } });
    assert.equal(publicRes.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(s.count(), 0);
  });

  test('an API token is stored only as its SHA-256 hash', async () => {
    const token = bearer.Authorization.replace(/^Bearer /, '');
    const rows = s.rows<{ name: string; token_hash: string; last_used_at: number | null }>('select * from api_tokens');
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.ok(row);
    assert.equal(row.name, 'ci');
    assert.notEqual(row.token_hash, token);
    assert.equal(row.token_hash, sha256(token));
    assert.ok(!JSON.stringify(rows).includes(token));
    assert.equal(row.last_used_at, s.clock.now, 'the earlier requests marked it used');
  });

  test('a bearer token with one character changed is refused', async () => {
    const token = bearer.Authorization.replace(/^Bearer /, '');
    const changed = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    await expectError(await s.request('/api/admin/stats', { headers: { Authorization: `Bearer ${changed}` } }), 401, 'unauthorized');
    await expectError(await s.request('/api/admin/stats', { headers: { Authorization: token } }), 401, 'unauthorized');
    const ok = await s.request('/api/admin/stats', { headers: bearer });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {
      sites: { news: { pending: 0, approved: 0, spam: 0, trash: 0, total: 0 } },
      totals: { pending: 0, approved: 0, spam: 0, trash: 0, total: 0 },
    });
  });
});

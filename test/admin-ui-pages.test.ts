// The moderator UI's pages through the real app and a real SQLite file: signed-out visitors are sent
// to sign in (and come back), the sign-in and sign-out forms, session expiry, CSRF on every form,
// and the security headers of every admin response.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';
import { assertSignInRedirect, browse, formBody, HOST, pageText } from './admin-ui-http.js';

const PAGES = ['/admin', '/admin/comments', '/admin/comments?status=spam&q=bikes', '/admin/sites', '/admin/sites/news', '/admin/import', '/admin/audit', '/admin/bans'];

let svc: Service;
beforeEach(async () => {
  svc = await startService();
});
afterEach(() => svc.close());

const signInForm = (fields: Record<string, string>, origin = HOST) =>
  svc.request(`${HOST}/admin/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: formBody(fields),
  });

describe('signed out', () => {
  test('every admin page redirects to the sign-in page, which will come back to it', async () => {
    const anonymous = await browse(svc, { anonymous: true });
    for (const path of [...PAGES, '/admin/comments/1', '/admin/comments/1/row', '/admin/no-such-page']) {
      const { res } = await anonymous.get(path);
      assertSignInRedirect(res, path);
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
  });

  test('a form posted without a session changes nothing', async () => {
    const anonymous = await browse(svc, { anonymous: true });
    const before = svc.rows('select settings from sites');
    const { res } = await anonymous.postForm('/admin/sites/news', { maxLinks: '9' });
    assertSignInRedirect(res, '/admin/sites/news');
    assert.deepEqual(svc.rows('select settings from sites'), before);
  });
});

describe('signing in', () => {
  test('the sign-in form sets the HttpOnly SameSite=Strict session cookie and goes where the moderator was going', async () => {
    const mod = await svc.addModerator();
    const page = await svc.request(`${HOST}/admin/sign-in?next=%2Fadmin%2Faudit`);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /<label for="email">Email address<\/label>/);
    assert.match(html, /<input type="hidden" name="next" value="\/admin\/audit"/);

    const res = await signInForm({ email: mod.email, password: mod.password, next: '/admin/audit' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/audit');
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^parley_session=[^;]{20,};/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';
    const audit = await svc.request(`${HOST}/admin/audit`, { headers: { Cookie: cookie } });
    assert.equal(audit.status, 200);
    assert.match(await audit.text(), /Signed in as <strong>Mo Derator<\/strong>/);
    assert.equal(svc.count('select count(*) as n from sessions'), 1);
  });

  test('a wrong password shows the form again with the error and the email, and no cookie', async () => {
    const mod = await svc.addModerator();
    const res = await signInForm({ email: mod.email, password: 'not the password', next: '/admin' });
    const html = await res.text();
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(pageText(html), /Error: The email or password is not right\./);
    assert.match(html, /value="mod@example\.org"/);
    assert.match(html, /aria-invalid="true"/);
    assert.equal(svc.count('select count(*) as n from sessions'), 0);
  });

  test('an empty form is answered with what to fill in', async () => {
    const res = await signInForm({ email: '', password: '' });
    assert.equal(res.status, 422);
    assert.match(await res.text(), /Enter your email address and your password\./);
  });

  test('repeated failures are refused with 429 and Retry-After, like the session API', async () => {
    const mod = await svc.addModerator();
    let res: Response | undefined;
    for (let i = 0; i < 11; i++) res = await signInForm({ email: mod.email, password: `wrong ${i}` });
    assert.equal(res?.status, 429);
    assert.ok(Number(res?.headers.get('retry-after')) > 0);
    assert.match(await (res as Response).text(), /Too many failed sign-ins/);
  });

  test('only a path inside /admin is followed after signing in, so the form is never an open redirect', async () => {
    const mod = await svc.addModerator();
    for (const next of ['https://evil.example/', '//evil.example/admin', '/\\evil.example', '/administrator', 'javascript:alert(1)', '/admin/../x']) {
      const res = await signInForm({ email: mod.email, password: mod.password, next });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/admin', next);
    }
  });

  test('signing in from another site’s page is refused (login CSRF)', async () => {
    const mod = await svc.addModerator();
    const res = await signInForm({ email: mod.email, password: mod.password }, 'https://evil.example');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  });

  test('a signed-in moderator who opens the sign-in page goes straight on', async () => {
    const mod = await browse(svc);
    const { res } = await mod.get('/admin/sign-in?next=%2Fadmin%2Fsites');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/sites');
  });
});

describe('sessions', () => {
  test('an expired session sends the moderator to sign in again, saying why', async () => {
    const mod = await browse(svc);
    assert.equal((await mod.get('/admin/comments')).res.status, 200);
    svc.clock.now += 12 * 60 * 60 * 1000 + 1;
    const { res } = await mod.get('/admin/comments?status=spam');
    const location = assertSignInRedirect(res, '/admin/comments?status=spam', true);
    const page = await svc.request(`${HOST}${location}`);
    assert.match(await page.text(), /Your session has expired\. Please sign in again\./);
  });

  test('signing out needs the CSRF token, then ends the session for good', async () => {
    const mod = await browse(svc);
    const refused = await mod.postForm('/admin/sign-out', {}, { csrf: 'wrong' });
    assert.equal(refused.res.status, 403);
    assert.match(refused.html, /This form has expired or did not come from Parley/);
    assert.equal((await mod.get('/admin')).res.status, 200);

    const crossSite = await mod.postForm('/admin/sign-out', {}, { origin: 'https://evil.example' });
    assert.equal(crossSite.res.status, 403);

    const { res } = await mod.postForm('/admin/sign-out', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/admin/sign-in?signed-out=1');
    assert.match(res.headers.get('set-cookie') ?? '', /parley_session=;/);
    assert.equal(svc.count('select count(*) as n from sessions'), 0);
    assertSignInRedirect((await mod.get('/admin')).res, '/admin', true);
  });
});

describe('headers', () => {
  const assertAdminHeaders = (res: Response, path: string) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.match(csp, /style-src 'self'(;|$)/, path);
    assert.match(csp, /connect-src 'self'(;|$)/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|data:/, path);
    assert.equal(res.headers.get('cache-control'), 'no-store', path);
    assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
  };

  test('every admin page has the strict CSP, is never cached or framed, and has no inline script or style', async () => {
    const mod = await browse(svc);
    const id = ((await (await svc.post()).json()) as { comment: { id: number } }).comment.id;
    for (const path of [...PAGES, `/admin/comments/${id}`, `/admin/comments/${id}/row`, '/admin/comments/999999', '/admin/nothing-here']) {
      const { res, html } = await mod.get(path);
      assert.ok([200, 404].includes(res.status), `${path}: ${res.status}`);
      assertAdminHeaders(res, path);
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, `${path} has an inline script`);
      assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, `${path} has inline style or an event handler`);
    }
    const signIn = await svc.request(`${HOST}/admin/sign-in`);
    assertAdminHeaders(signIn, '/admin/sign-in');
  });

  test('an unknown comment or page is an HTML 404 in the admin’s own words', async () => {
    const mod = await browse(svc);
    const { res, html } = await mod.get('/admin/comments/424242');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(html, /There is no such comment\./);
    assert.match(html, /href="\/admin"/);
    assert.doesNotMatch(html, /Your comment could not be posted/);
    assert.equal((await mod.get('/admin/comments/abc')).res.status, 404);
    assert.equal((await mod.get('/admin/comments?cursor=bogus')).res.status, 400);
  });

  test('the stylesheet is a file, cached, and the pages name it with a version', async () => {
    const res = await svc.request(`${HOST}/assets/admin.css`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/css/);
    assert.match(await res.text(), /:focus-visible/);
    const { html } = await (await browse(svc)).get('/admin');
    assert.match(html, /<link rel="stylesheet" href="\/assets\/admin\.css\?v=[0-9a-z]+"/i);
    assert.match(html, /<script src="\/admin\.js\?v=[0-9a-z]+" defer/i);
  });
});

// Akismet and the external moderation hook through HTTP, against local servers that speak their
// protocols (test/spam-servers.ts); the same suites run under workerd (test/worker-spam.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { parseConfig } from '../src/config.js';
import { deliverDue } from '../src/moderation/webhooks.js';
import { outbound } from '../src/spam/outbound.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';
import { AKISMET_KEY, HOOK_SECRET, startAkismet, startHook } from './spam-servers.js';

type Akismet = Awaited<ReturnType<typeof startAkismet>>;
type Hook = Awaited<ReturnType<typeof startHook>>;

async function putSettings(s: Service, auth: Record<string, string>, settings: Json) {
  return s.request('/api/admin/sites/news', { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ origins: [ORIGIN], ...settings }) });
}

const storedSettings = (s: Service) => JSON.parse(s.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings ?? '{}') as Json;
const commentRow = (s: Service, body: string) =>
  s.rows<{ id: number; status: string; reasons: string; ip: string }>('select id, status, reasons, ip from comments where body_source = ?', body)[0];

describe('Akismet', () => {
  let s: Service;
  let akismet: Akismet;
  let auth: Record<string, string>;
  let env: Record<string, string>;

  before(async () => {
    akismet = await startAkismet();
    env = { PARLEY_AKISMET_URL: akismet.url, PARLEY_AKISMET_TIMEOUT_MS: '1500' };
    s = await startService({ env });
    auth = await s.addToken();
  });
  after(async () => {
    await s.close();
    await akismet.close();
  });

  test('the key is write-only: GET shows only that it is set, a PUT without it keeps it, null removes it', async () => {
    const put = await putSettings(s, auth, { approval: 'none', akismetKey: AKISMET_KEY });
    assert.equal(put.status, 200);
    const putText = await put.text();
    assert.ok(!putText.includes(AKISMET_KEY), 'the PUT answer does not echo the key');
    const got = await s.request('/api/admin/sites/news', { headers: auth });
    const text = await got.text();
    assert.ok(!text.includes(AKISMET_KEY));
    assert.deepEqual((JSON.parse(text) as { settings: Json }).settings.akismetKey, { set: true });
    assert.equal((await putSettings(s, auth, { approval: 'none', akismetKey: { set: true } })).status, 200);
    assert.equal((await putSettings(s, auth, { approval: 'none' })).status, 200);
    assert.equal(storedSettings(s).akismetKey, AKISMET_KEY, 'left out or sent back as shown, the key stays');
    assert.equal((await putSettings(s, auth, { approval: 'none', akismetKey: null })).status, 200);
    assert.equal(storedSettings(s).akismetKey, null);
    const bad = await putSettings(s, auth, { akismetKey: 'no spaces allowed' });
    assert.equal(bad.status, 422);
    assert.equal((await putSettings(s, auth, { approval: 'none', akismetKey: AKISMET_KEY })).status, 200);
    assert.ok(!s.logs.join('\n').includes(AKISMET_KEY), 'the key is in no log line');
  });

  test('a comment Akismet calls spam is stored as spam with reason akismet, answered like a held one; Akismet got the real IP', async () => {
    s.later();
    const res = await s.post({ body: 'Buy now [spam]' }, { 'User-Agent': 'SpamBot/1' });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { comment: { status: string } }).comment.status, 'pending');
    const row = commentRow(s, 'Buy now [spam]');
    assert.equal(row?.status, 'spam');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['akismet']);
    const check = akismet.requests.findLast((r) => r.path === '/1.1/comment-check');
    assert.ok(check);
    assert.equal(check.form.api_key, AKISMET_KEY);
    assert.equal(check.form.user_ip, '203.0.113.7', 'the request’s own address, which Parley does not store');
    assert.equal(row?.ip, '203.0.113.0');
    assert.equal(check.form.user_agent, 'SpamBot/1');
    assert.equal(check.form.blog, ORIGIN);
    assert.equal(check.form.comment_author_email, 'amal@example.org');
    assert.equal(check.form.comment_content, 'Buy now [spam]');
    assert.equal(check.form.comment_type, 'comment');
    assert.match(check.form.comment_date_gmt ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  test('a comment Akismet calls ham follows Parley’s own rules (approved here)', async () => {
    s.later();
    const res = await s.post({ body: 'A fine thought.' });
    assert.equal(res.status, 201);
    assert.equal(commentRow(s, 'A fine thought.')?.status, 'approved');
  });

  test('Akismet’s discard refuses the comment silently: answered as held, nothing stored', async () => {
    s.later();
    const before = s.count();
    const res = await s.post({ body: 'Blatant [discard]' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { comment: { status: string; id: number }; editToken: string };
    assert.equal(body.comment.status, 'pending');
    assert.equal(typeof body.editToken, 'string');
    assert.equal(s.count(), before, 'nothing was stored');
    const edit = await s.request(`/api/comments/${body.comment.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-Edit-Token': body.editToken },
      body: JSON.stringify({ body: 'changed' }),
    });
    assert.equal(edit.status, 404);
  });

  for (const [what, text] of [
    ['times out', 'Slow akismet [slow]'],
    ['answers 500', 'Broken akismet [500]'],
  ] as const) {
    test(`when Akismet ${what}, the comment is kept and Parley’s rules decide, with reason akismet_error`, async () => {
      s.later();
      const res = await s.post({ body: text });
      assert.equal(res.status, 201);
      const row = commentRow(s, text);
      assert.equal(row?.status, 'approved');
      assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['akismet_error']);
    });
  }

  test('an invalid key is an Akismet error: the comment is kept', async () => {
    await s.store.saveSite('news', siteSettingsSchema.parse({ ...storedSettings(s), akismetKey: 'wrongkey9999' }), s.clock.now);
    s.later();
    const res = await s.post({ body: 'Checked with a bad key.' });
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(commentRow(s, 'Checked with a bad key.')?.reasons ?? ''), ['akismet_error']);
    await s.store.saveSite('news', siteSettingsSchema.parse({ ...storedSettings(s), akismetKey: AKISMET_KEY }), s.clock.now);
  });

  test('“Check the key” asks Akismet’s verify-key through the server', async () => {
    const verify = (body: Json) =>
      s.request('/api/admin/sites/news/akismet/verify', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const stored = await verify({});
    assert.equal(stored.status, 200);
    assert.deepEqual(await stored.json(), { key: 'valid' });
    assert.deepEqual(await (await verify({ key: 'otherkey1234' })).json(), { key: 'invalid' });
    assert.equal((await verify({ key: 'x' })).status, 422);
    const broken = await s.request('/api/admin/sites/news/akismet/verify', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"key":' });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { error: { code: string } }).error.code, 'bad_request');
    assert.equal((await s.request('/api/admin/sites/nowhere/akismet/verify', { method: 'POST', headers: auth })).status, 404);
    assert.equal((await s.request('/api/admin/sites/news/akismet/verify', { method: 'POST' })).status, 401);
  });

  test('a moderator’s Spam and Not spam go back to Akismet from the outbox, and a failed submission is tried again', async () => {
    s.later();
    await s.post({ body: 'Sneaky ham-looking spam.' });
    const id = commentRow(s, 'Sneaky ham-looking spam.')?.id;
    assert.ok(id);
    akismet.state.failSubmissions = 1;
    const res = await s.request(`/api/admin/comments/${id}/spam`, { method: 'POST', headers: auth });
    assert.equal(res.status, 200);
    const outboxRow = () => s.rows<{ attempts: number; delivered_at: number | null; payload: string; last_error: string | null }>("select * from webhook_outbox where url = 'akismet:submit-spam'")[0];
    assert.ok(outboxRow(), 'the submission was written with the decision');
    assert.ok(!outboxRow()?.payload.includes(AKISMET_KEY), 'the key is not in the outbox');
    const deadline = Date.now() + 5000;
    while ((outboxRow()?.attempts ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(outboxRow()?.attempts, 1);
    assert.equal(outboxRow()?.delivered_at, null, 'Akismet answered 503: not delivered');
    s.clock.now += 10_000;
    const calls = outbound(parseConfig({ ...env, PARLEY_DB: ':memory:' }));
    await deliverDue({ store: s.store, now: () => s.clock.now, fetch: calls.fetch, spam: calls.spam });
    assert.notEqual(outboxRow()?.delivered_at, null);
    const submission = akismet.requests.findLast((r) => r.path === '/1.1/submit-spam');
    assert.equal(submission?.form.comment_content, 'Sneaky ham-looking spam.');
    assert.equal(submission?.form.user_ip, '203.0.113.0', 'only the anonymised address is left to send');
    assert.equal(submission?.form.api_key, AKISMET_KEY);

    const ham = await s.request(`/api/admin/comments/${id}/approve`, { method: 'POST', headers: auth });
    assert.equal(ham.status, 200);
    const hamDeadline = Date.now() + 5000;
    while (!akismet.requests.some((r) => r.path === '/1.1/submit-ham') && Date.now() < hamDeadline) {
      await new Promise((r) => setTimeout(r, 20));
      await deliverDue({ store: s.store, now: () => s.clock.now, fetch: calls.fetch, spam: calls.spam });
    }
    assert.equal(akismet.requests.findLast((r) => r.path === '/1.1/submit-ham')?.form.comment_content, 'Sneaky ham-looking spam.');
  });
});

describe('Akismet unreachable', () => {
  let s: Service;

  before(async () => {
    // A port that was just listening and is now closed: the connection is refused.
    const gone = await startAkismet();
    await gone.close();
    s = await startService({ env: { PARLEY_AKISMET_URL: gone.url, PARLEY_AKISMET_TIMEOUT_MS: '1500' }, settings: { approval: 'none', akismetKey: AKISMET_KEY } });
  });
  after(async () => {
    await s.close();
  });

  test('when Akismet cannot be reached, the comment is kept and Parley’s rules decide, with reason akismet_error', async () => {
    const res = await s.post({ body: 'Nobody home.' });
    assert.equal(res.status, 201);
    const row = commentRow(s, 'Nobody home.');
    assert.equal(row?.status, 'approved');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['akismet_error']);
  });
});

describe('the external moderation hook', () => {
  let s: Service;
  let hook: Hook;
  let auth: Record<string, string>;

  before(async () => {
    hook = await startHook();
    s = await startService({ env: { PARLEY_ALLOW_PRIVATE_HOOKS: 'true' } });
    auth = await s.addToken();
    const res = await putSettings(s, auth, { moderationHook: { url: `${hook.url}/check`, secret: HOOK_SECRET, timeoutMs: 1500 } });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(async () => {
    await s.close();
    await hook.close();
  });

  let authors = 0;
  /** Each from a new author, so that Parley's own rules would hold it (first_comment). */
  const postText = async (body: string) => {
    s.later();
    authors += 1;
    return s.post({ body, email: `new${authors}@example.org` });
  };

  test('the secret is write-only, and a hook needs one', async () => {
    const got = await s.request('/api/admin/sites/news', { headers: auth });
    const text = await got.text();
    assert.ok(!text.includes(HOOK_SECRET));
    assert.deepEqual((JSON.parse(text) as { settings: { moderationHook: Json } }).settings.moderationHook, { url: `${hook.url}/check`, timeoutMs: 1500, secret: { set: true } });
    const noSecret = await s.request('/api/admin/sites/other', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ moderationHook: { url: `${hook.url}/check` } }),
    });
    assert.equal(noSecret.status, 422);
    assert.ok(((await noSecret.json()) as { error: { fields: Json } }).error.fields['moderationHook.secret']);
    for (const timeoutMs of [99, 10_001]) {
      assert.equal((await putSettings(s, auth, { moderationHook: { url: `${hook.url}/check`, timeoutMs } })).status, 422);
    }
  });

  test('approve: a first-time commenter’s comment is published; the request is signed and carries no real IP', async () => {
    const res = await postText('Lovely [approve]');
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { comment: { status: string } }).comment.status, 'approved');
    const row = commentRow(s, 'Lovely [approve]');
    assert.equal(row?.status, 'approved');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['hook:toxicity 0.9', 'hook:first_comment']);
    const got = hook.requests.at(-1);
    assert.equal(got?.path, '/check');
    assert.equal(got?.verified, true, 'the hook verifies the Standard Webhooks signature with its secret');
    assert.equal(got?.payload.type, 'comment.created');
    assert.equal(got?.payload.data.comment.ip, '203.0.113.0');
    assert.ok(!JSON.stringify(got?.payload).includes('203.0.113.7'));
  });

  test('hold: the comment waits, its reasons namespaced so they cannot pass for Parley’s', async () => {
    await postText('Hmm [hold]');
    const row = commentRow(s, 'Hmm [hold]');
    assert.equal(row?.status, 'pending');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['hook_hold', 'hook:toxicity 0.9', 'hook:first_comment', 'first_comment']);
  });

  test('spam: stored as spam, answered like a held comment', async () => {
    const res = await postText('Junk [spam]');
    assert.equal(((await res.json()) as { comment: { status: string } }).comment.status, 'pending');
    assert.equal(commentRow(s, 'Junk [spam]')?.status, 'spam');
  });

  test('reject: 422 validation_failed on the body, nothing stored', async () => {
    const before = s.count();
    const res = await postText('Vile [reject]');
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; fields: Json } };
    assert.equal(body.error.code, 'validation_failed');
    assert.ok(body.error.fields.body);
    assert.equal(s.count(), before);
  });

  for (const [what, text] of [
    ['times out', 'Wait [slow]'],
    ['answers 500', 'Oops [500]'],
    ['answers broken JSON', 'Garbled [badjson]'],
    ['redirects (not followed)', 'Elsewhere [redirect]'],
  ] as const) {
    test(`when the hook ${what}, the comment is kept and Parley’s own rules decide`, async () => {
      const res = await postText(text);
      assert.equal(res.status, 201);
      const row = commentRow(s, text);
      assert.equal(row?.status, 'pending');
      assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['first_comment', 'hook_error']);
    });
  }

  test('the redirect was not followed', () => {
    assert.equal(hook.requests.filter((r) => r.path === '/approve-all').length, 0);
  });

  test('an author’s edit is sent too: reject refuses the edit, hold takes the comment back to the queue', async () => {
    const res = await postText('Fine at first [approve]');
    const { comment, editToken } = (await res.json()) as { comment: { id: number }; editToken: string };
    const edit = (body: string) =>
      s.request(`/api/comments/${comment.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Edit-Token': editToken }, body: JSON.stringify({ body }) });
    const rejected = await edit('Now vile [reject]');
    assert.equal(rejected.status, 422);
    assert.equal(s.rows<{ body_source: string }>('select body_source from comments where id = ?', comment.id)[0]?.body_source, 'Fine at first [approve]');
    assert.equal(hook.requests.at(-1)?.payload.type, 'comment.edited');
    const held = await edit('Now doubtful [hold]');
    assert.equal(held.status, 200);
    assert.equal(((await held.json()) as { comment: { status: string } }).comment.status, 'pending');
    assert.equal(s.rows<{ status: string }>('select status from comments where id = ?', comment.id)[0]?.status, 'pending');
  });

  test('the secret is in no log line and no public response', async () => {
    assert.ok(!s.logs.join('\n').includes(HOOK_SECRET));
    for (const path of ['/api/comments?site=news&article=/2026/11/bike-lanes', '/api/counts?site=news&article=/2026/11/bike-lanes']) {
      const res = await s.request(path, { headers: { Origin: ORIGIN } });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.ok(!text.includes(HOOK_SECRET) && !text.includes('whsec_'), path);
    }
  });
});

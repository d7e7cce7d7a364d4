// What comes before the spam services: duplicates and floods are refused before Akismet or the
// moderation hook hear of a comment, a banned author meets them before the ban, and an edit the hook
// holds is never public. Against the local servers of test/spam-servers.ts; also under workerd
// (test/worker-spam.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';
import { AKISMET_KEY, HOOK_SECRET, startAkismet, startHook } from './spam-servers.js';

const THREAD = '/api/comments?site=news&article=/2026/11/bike-lanes';
const storedSettings = (s: Service) => JSON.parse(s.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings ?? '{}') as Json;
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('a site with Akismet and a moderation hook', () => {
  let s: Service;
  let akismet: Awaited<ReturnType<typeof startAkismet>>;
  let hook: Awaited<ReturnType<typeof startHook>>;
  /** Requests both services have had so far. */
  const asked = () => akismet.requests.filter((r) => r.path === '/1.1/comment-check').length + hook.requests.length;
  const useAkismet = (on: boolean) => s.store.saveSite('news', siteSettingsSchema.parse({ ...storedSettings(s), akismetKey: on ? AKISMET_KEY : null }), s.clock.now);
  const thread = async () => (await s.request(THREAD, { headers: { Origin: ORIGIN } })).text();

  before(async () => {
    akismet = await startAkismet();
    hook = await startHook();
    s = await startService({ env: { PARLEY_AKISMET_URL: akismet.url, PARLEY_AKISMET_TIMEOUT_MS: '1500', PARLEY_ALLOW_PRIVATE_HOOKS: 'true' } });
    const auth = await s.addToken();
    const put = await s.request('/api/admin/sites/news', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        origins: [ORIGIN],
        approval: 'none',
        floodSeconds: 15,
        akismetKey: AKISMET_KEY,
        moderationHook: { url: `${hook.url}/check`, secret: HOOK_SECRET, timeoutMs: 1500 },
      }),
    });
    assert.equal(put.status, 200, await put.clone().text());
  });
  after(async () => {
    await s.close();
    await akismet.close();
    await hook.close();
  });

  test('a flooded and a repeated comment are refused 429 and 409 without a word to Akismet or the hook', async () => {
    s.later();
    assert.equal((await s.post({ body: 'Said once [approve].' })).status, 201);
    const before = asked();
    assert.ok(before >= 2, 'the first comment was checked by both');
    const flooded = await s.post({ body: 'Said again too soon [reject].' });
    assert.equal(flooded.status, 429);
    assert.equal(await errorCode(flooded), 'rate_limited');
    s.later();
    const repeated = await s.post({ body: 'Said once [approve].' });
    assert.equal(repeated.status, 409);
    assert.equal(await errorCode(repeated), 'duplicate');
    assert.equal(asked(), before, 'neither service was sent the author’s email or text');
  });

  test('a duplicate Akismet would discard is answered 409, not a fake 201', async () => {
    await useAkismet(false);
    s.later();
    assert.equal((await s.post({ body: 'Blatant [discard]' })).status, 201, 'stored while Akismet was off');
    await useAkismet(true);
    const before = asked();
    s.later();
    const again = await s.post({ body: 'Blatant [discard]' });
    assert.equal(again.status, 409);
    assert.equal(await errorCode(again), 'duplicate');
    assert.equal(asked(), before);
  });

  test('an edit the hook holds is never public: one write moves it with its reasons, audited once', async () => {
    await useAkismet(false);
    s.later();
    const res = await s.post({ email: 'edith@example.org', body: 'Harmless at first.' });
    assert.equal(res.status, 201);
    const { comment, editToken } = (await res.json()) as { comment: { id: number; status: string }; editToken: string };
    assert.equal(comment.status, 'approved');
    const edit = (body: string) =>
      s.request(`/api/comments/${comment.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Edit-Token': editToken }, body: JSON.stringify({ body }) });

    // The move to the queue fails: the new text must not have been published by an earlier write.
    s.sqlite.exec(`create trigger test_hold_fails before update of status on comments when old.id = ${comment.id}
      begin select raise(abort, 'the held write fails'); end`);
    try {
      const failed = await edit('Secretly nasty [hold]');
      assert.notEqual(failed.status, 200);
    } finally {
      s.sqlite.exec('drop trigger test_hold_fails');
    }
    const afterFailure = await thread();
    assert.ok(!afterFailure.includes('Secretly nasty'), 'the held text was never published');
    assert.ok(afterFailure.includes('Harmless at first.'));

    const held = await edit('Nasty after all [hold]');
    assert.equal(held.status, 200);
    assert.equal(((await held.json()) as { comment: { status: string } }).comment.status, 'pending');
    const shown = await thread();
    assert.ok(!shown.includes('Nasty after all') && !shown.includes('Harmless at first.'), 'the comment left the thread with its new text');
    const row = s.rows<{ status: string; reasons: string; body_source: string }>('select status, reasons, body_source from comments where id = ?', comment.id)[0];
    assert.equal(row?.status, 'pending');
    assert.equal(row?.body_source, 'Nasty after all [hold]');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['hook_hold', 'hook:toxicity 0.9', 'hook:first_comment']);
    const audit = s.rows<{ actor_name: string; to_status: string }>('select actor_name, to_status from audit_log where comment_id = ?', comment.id);
    assert.deepEqual(audit, [{ actor_name: 'moderation hook', to_status: 'pending' }]);
  });
});

describe('a banned author on a site without spam services', () => {
  let s: Service;

  before(async () => {
    s = await startService({ settings: { approval: 'none', floodSeconds: 15, bannedAction: 'refuse' } });
    s.later();
    assert.equal((await s.post({ body: 'Before the ban.' })).status, 201);
    s.sqlite
      .prepare("insert into bans (site_id, kind, value, until, note, created_at, created_by) select id, 'email', 'amal@example.org', null, null, ?, 'test' from sites where slug = 'news'")
      .run(s.clock.now);
  });
  after(() => s.close());

  test('meets the duplicate and flood refusals before the ban’s, as anyone would', async () => {
    s.later();
    assert.equal(await errorCode(await s.post({ body: 'Before the ban.' })), 'duplicate');
    assert.equal(await errorCode(await s.post({ body: 'Something new.' })), 'banned');
    // The refused comment left no trace, so flood with a comment from the same address that was stored.
    s.sqlite.prepare("update comments set created_at = ? where body_source = 'Before the ban.'").run(s.clock.now - 1000);
    const flooded = await s.post({ body: 'Something newer.' });
    assert.equal(flooded.status, 429);
    assert.equal(await errorCode(flooded), 'rate_limited');
  });
});

// Retention as site settings, run by the scheduled job (here through POST /api/admin/retention/run, which
// runs the same job as the Node timer and the Workers cron) under the test clock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startService, type Service } from './helpers.js';

const DAY = 86_400_000;

describe('retention', () => {
  let svc: Service;
  let auth: Record<string, string>;
  before(async () => {
    svc = await startService({ settings: { approval: 'none', floodSeconds: 0, forgetIpAfterDays: 30, emptySpamTrashAfterDays: 30 } });
    auth = await svc.addToken();
  });
  after(() => svc.close());

  const run = async () => {
    const res = await svc.request('/api/admin/retention/run', { method: 'POST', headers: auth });
    assert.equal(res.status, 200);
    return (await res.json()) as { forgotten: number; purged: number };
  };
  const idOf = async (res: Response) => ((await res.json()) as { comment: { id: number } }).comment.id;

  test('running retention needs a moderator', async () => {
    const res = await svc.request('/api/admin/retention/run', { method: 'POST' });
    assert.equal(res.status, 401);
  });

  test('IPs and user agents are forgotten once older than the site says, newer ones are kept', async () => {
    const old = await idOf(await svc.post({ body: 'An old comment.' }, { 'User-Agent': 'OldBrowser/1' }));
    svc.clock.now += 20 * DAY;
    const recent = await idOf(await svc.post({ body: 'A newer comment.', email: 'ben@example.org' }, { 'User-Agent': 'NewBrowser/2' }));
    svc.clock.now += 11 * DAY;
    const result = await run();
    assert.ok(result.forgotten >= 1);
    const rows = svc.rows<{ id: number; ip: string | null; user_agent: string | null }>('select id, ip, user_agent from comments where id in (?, ?) order by id', old, recent);
    assert.deepEqual(rows[0], { id: old, ip: null, user_agent: null });
    assert.equal(rows[1]?.user_agent, 'NewBrowser/2');
    assert.equal(rows[1]?.ip, '203.0.113.0');
    // Running again changes nothing more.
    assert.equal((await run()).forgotten, 0);
  });

  test('trash is emptied 30 days after it was trashed, not 30 days after it was posted', async () => {
    const id = await idOf(await svc.post({ body: 'Trash me later.', email: 'cy@example.org' }));
    svc.clock.now += 40 * DAY;
    const trashed = await svc.request(`/api/admin/comments/${id}/trash`, { method: 'POST', headers: auth });
    assert.equal(trashed.status, 200);
    svc.clock.now += 29 * DAY;
    await run();
    assert.equal(svc.count('select count(*) as n from comments where id = ?', id), 1);
    svc.clock.now += 2 * DAY;
    assert.ok((await run()).purged >= 1);
    assert.equal(svc.count('select count(*) as n from comments where id = ?', id), 0);
    const audit = svc.rows<{ actor_type: string; action: string; comment_id: number }>("select actor_type, action, comment_id from audit_log where action = 'retention.purge'");
    assert.deepEqual(audit, [{ actor_type: 'system', action: 'retention.purge', comment_id: id }]);
  });

  test('spam caught at posting is emptied 30 days after it was posted; approved comments stay', async () => {
    const spam = await idOf(await svc.post({ body: 'Cheap pills', email: 'spam@example.org', homepage: 'http://bot.example' }));
    const kept = await idOf(await svc.post({ body: 'A real comment that stays.', email: 'dee@example.org' }));
    assert.equal(svc.rows<{ status: string }>('select status from comments where id = ?', spam)[0]?.status, 'spam');
    svc.clock.now += 31 * DAY;
    await run();
    assert.equal(svc.count('select count(*) as n from comments where id = ?', spam), 0);
    assert.equal(svc.count('select count(*) as n from comments where id = ?', kept), 1);
  });
});

describe('retention turned off', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0, forgetIpAfterDays: null, emptySpamTrashAfterDays: null } });
  });
  after(() => svc.close());

  test('with both settings off, nothing is forgotten or emptied however old', async () => {
    await svc.post({ body: 'Spam.', homepage: 'x' });
    await svc.post({ body: 'Kept with its IP.', email: 'eve@example.org' });
    svc.clock.now += 3650 * DAY;
    const res = await svc.request('/api/admin/retention/run', { method: 'POST', headers: await svc.addToken() });
    assert.deepEqual(await res.json(), { forgotten: 0, purged: 0 });
    assert.equal(svc.count(), 2);
    assert.equal(svc.count('select count(*) as n from comments where ip is not null'), 2);
  });
});

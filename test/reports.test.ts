// Readers' reports end to end: one per reader, the threshold counted once per anonymised IP, the
// comment back in the queue with `reports:N`, the Reported view, dismissing, audit, the outbox event,
// the no-JavaScript form, and hostile input answered with the contract's errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';

const READER_A = 'reader-aaaaaaaaaaaaaaaa';
const READER_B = 'reader-bbbbbbbbbbbbbbbb';
const READER_C = 'reader-cccccccccccccccc';

interface Summary {
  count: number;
  reports: number;
  reasons: Record<string, number>;
  notes: string[];
}

describe('POST /api/comments/{id}/reports', () => {
  let s: Service;
  let auth: Record<string, string>;
  before(async () => {
    s = await startService({ settings: { notify: { webhook: 'https://hooks.example.org/parley' } } });
    auth = await s.addToken();
  });
  after(async () => s.close());

  const report = (id: number, reader: string | null, body: Json = { reason: 'spam' }, headers: Record<string, string> = {}) =>
    s.request(`/api/comments/${id}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...(reader ? { 'X-Parley-Reader': reader } : {}), ...headers },
      body: JSON.stringify(body),
    });
  const thread = async () =>
    (await (await s.request('/api/comments?site=news&article=%2F2026%2F11%2Fbike-lanes')).json()) as { comments: Array<{ id: number }> };
  const status = (id: number) => s.rows<{ status: string; reasons: string }>('select status, reasons from comments where id = ?', id)[0];

  test('a report is accepted with 202, stored without any IP, and never shown in the public thread', async () => {
    const id = await s.postApproved({ body: 'Reported once.' });
    const res = await report(id, READER_A, { reason: 'abuse', text: 'Name-calling.' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: true });
    const rows = s.rows<Json>('select * from comment_reports where comment_id = ?', id);
    assert.equal(rows.length, 1);
    const stored = JSON.stringify(rows);
    assert.ok(!stored.includes('203.0.113'), 'no IP, whole or anonymised, is stored with a report');
    assert.match(String(rows[0]?.reader_key), /^[0-9a-f]{40}$/);
    const text = await (await s.request('/api/comments?site=news&article=%2F2026%2F11%2Fbike-lanes')).text();
    assert.ok(!text.includes('Name-calling'));
    assert.ok(!text.includes('report'));
    assert.ok((await thread()).comments.some((c) => c.id === id));
  });

  test('the same reader reporting twice counts once, and the answer does not tell', async () => {
    const id = await s.postApproved({ body: 'Reported twice by one reader.' });
    assert.equal((await report(id, READER_A)).status, 202);
    assert.equal((await report(id, READER_A, { reason: 'other' })).status, 202);
    assert.equal(s.count('select count(*) as n from comment_reports where comment_id = ?', id), 1);
  });

  test('one person alone cannot hide a comment: reports from one anonymised IP count once', async () => {
    const id = await s.postApproved({ body: 'Many readers, one network.' });
    for (const [i, reader] of [READER_A, READER_B, READER_C].entries()) {
      s.peer.address = `198.51.100.${10 + i}`; // the same /24
      assert.equal((await report(id, reader)).status, 202);
    }
    s.peer.address = '203.0.113.7';
    assert.equal(status(id)?.status, 'approved');
    const res = await s.request('/api/admin/comments?reported=true', { headers: auth });
    const page = (await res.json()) as { comments: Array<{ id: number; reports: Summary | null }> };
    const seen = page.comments.find((c) => c.id === id);
    assert.equal(seen?.reports?.count, 1);
    assert.equal(seen?.reports?.reports, 3);
  });

  test('after reports from three distinct readers the comment leaves the thread and waits with reports:3, audited, with the event', async () => {
    const id = await s.postApproved({ body: 'Hidden by readers.' });
    await thread(); // cached now: the hide must invalidate it
    const addresses = ['192.0.2.1', '198.18.0.1', '203.0.114.9'];
    for (const [i, reader] of [READER_A, READER_B, READER_C].entries()) {
      s.peer.address = addresses[i] ?? null;
      assert.equal((await report(id, reader, { reason: i === 0 ? 'abuse' : 'spam' })).status, 202);
      assert.equal(status(id)?.status, i < 2 ? 'approved' : 'pending');
    }
    s.peer.address = '203.0.113.7';
    assert.deepEqual(JSON.parse(status(id)?.reasons ?? '[]'), ['reports:3']);
    assert.ok(!(await thread()).comments.some((c) => c.id === id), 'the public thread no longer shows it');
    const audit = s.rows<Json>("select * from audit_log where comment_id = ? and action = 'reports.hide'", id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.from_status, 'approved');
    assert.equal(audit[0]?.to_status, 'pending');
    const events = s
      .rows<{ payload: string }>('select payload from webhook_outbox')
      .map((r) => JSON.parse(r.payload) as { type: string; data: { comment: { id: number; status: string }; report: { count: number; reason: string }; hidden: boolean } })
      .filter((e) => e.type === 'comment.reported' && e.data.comment.id === id);
    assert.equal(events.length, 3);
    assert.deepEqual(events.map((e) => [e.data.report.count, e.data.hidden, e.data.comment.status]), [
      [1, false, 'approved'],
      [2, false, 'approved'],
      [3, true, 'pending'],
    ]);

    // The Reported view shows it with reasons and counts.
    const res = await s.request('/api/admin/comments?reported=true&status=pending', { headers: auth });
    assert.equal(res.status, 200);
    const page = (await res.json()) as { comments: Array<{ id: number; reasons: string[]; reports: Summary | null }> };
    const seen = page.comments.find((c) => c.id === id);
    assert.deepEqual(seen?.reasons, ['reports:3']);
    assert.deepEqual(seen?.reports?.reasons, { abuse: 1, spam: 2 });
    assert.equal(seen?.reports?.count, 3);

    // Dismissing keeps the comment: back in the thread, out of the Reported view, both steps audited.
    const dismissed = await s.request(`/api/admin/comments/${id}/reports/dismiss`, { method: 'POST', headers: auth });
    assert.equal(dismissed.status, 200);
    const body = (await dismissed.json()) as { comment: { status: string; reports: Summary | null } };
    assert.equal(body.comment.status, 'approved');
    assert.equal(body.comment.reports, null);
    assert.ok((await thread()).comments.some((c) => c.id === id));
    const after = (await (await s.request('/api/admin/comments?reported=true', { headers: auth })).json()) as { comments: Array<{ id: number }> };
    assert.ok(!after.comments.some((c) => c.id === id));
    const actions = s.rows<{ action: string }>('select action from audit_log where comment_id = ? order by id', id).map((r) => r.action);
    assert.deepEqual(actions, ['reports.hide', 'reports.dismiss', 'approve']);
  });

  test('a reader who reports too much in an hour is rate limited with Retry-After', async () => {
    s.peer.address = '100.64.0.1';
    let last: Response | null = null;
    for (let i = 0; i < 11; i++) {
      const id = await s.postApproved({ body: `Rate limit ${i}.`, email: `rl${i}@example.org` });
      last = await report(id, 'reader-ratelimited-000001');
      if (i < 10) assert.equal(last.status, 202);
    }
    assert.equal(last?.status, 429);
    assert.equal(last?.headers.get('Retry-After'), '3600');
    assert.equal(((await last?.json()) as { error: { code: string } }).error.code, 'rate_limited');
    s.peer.address = '203.0.113.7';
  });

  test('hostile input answers the contract’s errors and stores nothing', async () => {
    const id = await s.postApproved({ body: 'Hostile target.' });
    const before = s.count('select count(*) as n from comment_reports');
    const cases: Array<[string, RequestInit, number, string]> = [
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":' }, 400, 'bad_request'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"hate"}' }, 422, 'validation_failed'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' }, 422, 'validation_failed'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'other', text: 'x'.repeat(501) }) }, 422, 'validation_failed'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'spam' }, 415, 'unsupported_media_type'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, body: '{"reason":"spam"}' }, 403, 'forbidden'],
      ['/api/comments/99999999/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"spam"}' }, 404, 'not_found'],
      ['/api/comments/0/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"spam"}' }, 404, 'not_found'],
      ['/api/comments/1e3/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reason":"spam"}' }, 404, 'not_found'],
      [`/api/comments/${id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'spam', text: 'y'.repeat(70_000) }) }, 413, 'payload_too_large'],
      ['/api/admin/comments/1/reports/dismiss', { method: 'POST' }, 401, 'unauthorized'],
      ['/api/admin/comments?reported=maybe', { headers: auth }, 400, 'bad_request'],
    ];
    for (const [path, init, code, name] of cases) {
      const res = await s.request(path, init);
      assert.equal(res.status, code, `${path} ${String(init.body).slice(0, 40)}`);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, name);
    }
    // A pending comment is not the public's to report.
    const held = (await (await s.post({ body: 'Held.', email: 'new@example.org' })).json()) as { comment: { id: number } };
    s.later();
    assert.equal((await report(held.comment.id, READER_A)).status, 404);
    assert.equal(s.count('select count(*) as n from comment_reports'), before);
  });

  test('without JavaScript: the Report link opens a form whose POST is accepted and thanks the reader', async () => {
    const id = await s.postApproved({ body: 'Reported without JavaScript.' });
    const embed = await (await s.request('/embed?site=news&article=%2F2026%2F11%2Fbike-lanes')).text();
    assert.ok(embed.includes(`href="/report/${id}"`));
    const page = await s.request(`/report/${id}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(`action="/api/comments/${id}/reports/form"`));
    assert.ok(html.includes('name="reason"'));
    const res = await s.request(`/api/comments/${id}/reports/form`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: new URLSearchParams({ reason: 'off_topic', text: 'About something else.' }).toString(),
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok((await res.text()).includes('Thank you'));
    assert.equal(s.count("select count(*) as n from comment_reports where comment_id = ? and reason = 'off_topic'", id), 1);
    const bad = await s.request(`/api/comments/${id}/reports/form`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'reason=nonsense',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get('Content-Type') ?? '', /text\/html/);
    const missing = await s.request('/report/99999999');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('Content-Type') ?? '', /text\/html/);
  });
});

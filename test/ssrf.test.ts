// Hooks and webhooks never call private or loopback addresses unless PARLEY_ALLOW_PRIVATE_HOOKS=true:
// refused when set, and refused again when called (a URL stored before, a name that resolves inside).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, startService, type Json, type Service } from './helpers.js';
import { HOOK_SECRET, startHook } from './spam-servers.js';
import { onWorker } from './worker-target.js';

type Hook = Awaited<ReturnType<typeof startHook>>;

const PRIVATE_URLS = [
  'http://127.0.0.1:9/hook',
  'http://[::1]:9/hook',
  'http://10.0.0.8/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::ffff:127.0.0.1]/hook',
  'http://localhost:9/hook',
];

/** A name other than localhost that this machine's resolver maps to a loopback address (/etc/hosts), if any. */
function loopbackName(): string | null {
  try {
    for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
      const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (address?.startsWith('127.')) {
        const name = names.find((n) => n !== '' && !/localhost/i.test(n) && /^[a-z0-9.-]+$/i.test(n));
        if (name) return name;
      }
    }
  } catch {
    // No hosts file: the test is skipped.
  }
  return null;
}

describe('private addresses, with PARLEY_ALLOW_PRIVATE_HOOKS off', () => {
  let s: Service;
  let hook: Hook;
  let auth: Record<string, string>;

  before(async () => {
    hook = await startHook();
    s = await startService();
    auth = await s.addToken();
  });
  after(async () => {
    await s.close();
    await hook.close();
  });

  const put = (settings: Json) =>
    s.request('/api/admin/sites/news', { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ origins: [ORIGIN], ...settings }) });

  test('a hook or webhook URL on a private, loopback or link-local address is refused when set', async () => {
    for (const url of PRIVATE_URLS) {
      const hookRes = await put({ moderationHook: { url, secret: HOOK_SECRET } });
      assert.equal(hookRes.status, 422, url);
      assert.ok(((await hookRes.json()) as { error: { fields: Json } }).error.fields['moderationHook.url'], url);
      const webhookRes = await put({ notify: { webhook: url } });
      assert.equal(webhookRes.status, 422, url);
      assert.ok(((await webhookRes.json()) as { error: { fields: Json } }).error.fields['notify.webhook'], url);
    }
    assert.equal(s.rows<{ settings: string }>("select settings from sites where slug = 'news'")[0]?.settings.includes('127.0.0.1'), false);
  });

  const storeHook = async (url: string) =>
    s.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN], moderationHook: { url, secret: HOOK_SECRET, timeoutMs: 2000 } }), s.clock.now);

  test('a hook stored on a loopback address is not called: the comment is kept and Parley’s rules decide', async () => {
    await storeHook(`${hook.url}/check`);
    s.later();
    const res = await s.post({ body: 'Hello [approve]', email: 'ssrf1@example.org' });
    assert.equal(res.status, 201);
    const row = s.rows<{ status: string; reasons: string }>('select status, reasons from comments where body_source = ?', 'Hello [approve]')[0];
    assert.equal(row?.status, 'pending');
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['first_comment', 'hook_error']);
    assert.equal(hook.requests.length, 0);
  });

  test('a webhook stored on a loopback address is not delivered; the outbox says why', async () => {
    await s.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN], notify: { webhook: `${hook.url}/webhook` } }), s.clock.now);
    s.later();
    assert.equal((await s.post({ body: 'For the webhook.', email: 'ssrf2@example.org' })).status, 201);
    const row = () => s.rows<{ attempts: number; last_error: string | null; delivered_at: number | null }>('select * from webhook_outbox')[0];
    const deadline = Date.now() + 5000;
    while ((row()?.attempts ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(row()?.delivered_at, null);
    assert.match(row()?.last_error ?? '', /private/);
    assert.equal(hook.requests.length, 0);
  });

  const name = loopbackName();
  test('a host name that resolves to a loopback address is refused at connection time (Node)', { skip: onWorker || name === null ? 'Node only, with a loopback name in /etc/hosts' : false }, async () => {
    const port = new URL(hook.url).port;
    const res = await put({ moderationHook: { url: `http://${name}:${port}/check`, secret: HOOK_SECRET, timeoutMs: 2000 } });
    assert.equal(res.status, 200, 'the name itself says nothing; its addresses are checked when it is called');
    s.later();
    await s.post({ body: 'Via a name [approve]', email: 'ssrf3@example.org' });
    const row = s.rows<{ reasons: string }>('select reasons from comments where body_source = ?', 'Via a name [approve]')[0];
    assert.deepEqual(JSON.parse(row?.reasons ?? ''), ['first_comment', 'hook_error']);
    assert.equal(hook.requests.length, 0);
  });
});

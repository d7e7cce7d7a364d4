// The role × route walk: every route the app registers under /api/admin and /admin is in the roles
// table (moderation/roles.ts), and each one, called with no credentials, as a moderator of site A,
// as a moderator of site B and as an admin (a real session, and a real API token for the API), is
// allowed or refused exactly as the table says. A new route missing from the table fails here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { ROUTE_NEEDS, type Need } from '../src/moderation/roles.js';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, START, startService, type Service } from './helpers.js';
import { HOST, PASSWORD, rolesFixture, type Caller, type RolesFixture } from './roles-fixture.js';

const isModerationPath = (path: string) => path.startsWith('/api/admin') || path === '/admin' || path.startsWith('/admin/');

/** The moderation routes the app registers (`METHOD pattern`), from the same createApp the Worker bundles. */
function registeredRoutes(s: Service): string[] {
  const app = createApp({ store: s.store, config: parseConfig({}), secret: 'walk-secret-that-is-long-enough-0123456789' });
  const keys = app.routes.filter((r) => r.method !== 'ALL' && isModerationPath(r.path)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

/** Routes that end the caller's session: each gets a fresh one, and they go last. */
const ENDS_SESSION = new Set(['DELETE /api/admin/session', 'POST /admin/sign-out']);
const walkOrder = (keys: string[]) => [...keys.filter((k) => !ENDS_SESSION.has(k)), ...keys.filter((k) => ENDS_SESSION.has(k))];

type Who = 'none' | 'A' | 'B' | 'admin';

/** What the table says for a caller, the route's resource being on site A. */
function expected(need: Need, who: Who): 'allowed' | 'refused' {
  if (need === 'public') return 'allowed';
  if (who === 'none') return 'refused';
  if (need === 'admin') return who === 'admin' ? 'allowed' : 'refused';
  if (need === 'site' || need === 'comment') return who === 'B' ? 'refused' : 'allowed';
  // `person`: any signed-in moderator (tokens are refused: see the token walk).
  return 'allowed';
}

describe('every moderation route against every role', () => {
  let s: Service;
  let f: RolesFixture;
  let routes: string[];
  before(async () => {
    s = await startService();
    f = await rolesFixture(s);
    routes = registeredRoutes(s);
  });
  after(() => s.close());

  /** The concrete path of a pattern: its resource is always on site A (a fresh one where the call may remove it). */
  async function pathOf(method: string, pattern: string): Promise<string> {
    let path = pattern.replace(':site', 'news').replace(':action', 'approve');
    if (path.includes(':id')) {
      let id: number;
      if (path.includes('/moderators/')) id = await f.moderator({ role: 'moderator', siteIds: [f.siteA] });
      else if (path.includes('/tokens/')) id = (await f.token({ role: 'moderator', siteIds: [f.siteA] })).id;
      else {
        id = await f.comment('news');
        // What the route itself asks of a comment, so that only the role can refuse it.
        if (pattern.endsWith('/feature')) s.approve(id);
        if (method === 'DELETE') s.sqlite.prepare("update comments set status = 'trash' where id = ?").run(id);
      }
      path = path.replace(':id', String(id));
    }
    return path;
  }

  async function call(key: string, auth: { headers: Record<string, string>; csrf: string } | null) {
    const [method = 'GET', pattern = '/'] = key.split(' ');
    const path = await pathOf(method, pattern);
    const headers: Record<string, string> = { Origin: HOST, ...(auth?.headers ?? {}) };
    let body: string | undefined;
    if (method !== 'GET' && method !== 'DELETE') {
      if (path.startsWith('/api/')) {
        headers['Content-Type'] = 'application/json';
        body = '{}';
      } else {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams({ csrf: auth?.csrf ?? '' }).toString();
      }
    }
    const res = await s.request(`${HOST}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    // An admin's settings form or import may have changed site A: put its origins back for the next comment.
    if (method !== 'GET') await s.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN] }), START);
    return { res, text, path };
  }

  function judge(key: string, who: Who, outcome: { res: Response; text: string; path: string }): 'allowed' | 'refused' {
    const { res, text, path } = outcome;
    const api = path.startsWith('/api/');
    if (res.status >= 500) assert.fail(`${key} as ${who}: ${res.status} ${text.slice(0, 200)}`);
    if (api && (res.status === 401 || res.status === 403)) {
      const error = (JSON.parse(text) as { error: { code: string } }).error;
      assert.equal(error.code, res.status === 401 ? 'unauthorized' : 'forbidden', `${key} as ${who}`);
      return 'refused';
    }
    if (!api && res.status === 303 && /^\/admin\/sign-in\?next=/.test(res.headers.get('Location') ?? '')) return 'refused';
    if (!api && res.status === 403) {
      assert.match(res.headers.get('Content-Type') ?? '', /text\/html/, `${key} as ${who}: the UI refuses with its error page`);
      return 'refused';
    }
    return 'allowed';
  }

  test('every route the app registers under /api/admin and /admin is in the roles table, and the table has no route that does not exist', () => {
    const missing = routes.filter((key) => !(key in ROUTE_NEEDS));
    assert.deepEqual(missing, [], `routes with no role in src/moderation/roles.ts: ${missing.join(', ')}`);
    const stale = Object.keys(ROUTE_NEEDS).filter((key) => !routes.includes(key));
    assert.deepEqual(stale, [], `table entries for routes that do not exist: ${stale.join(', ')}`);
    assert.ok(routes.length >= 50, `only ${routes.length} routes found`);
  });

  test('with a session (API and moderator UI), each route allows or refuses no one, a moderator of A, a moderator of B and an admin as the table says', async () => {
    const callers: Array<[Who, Caller | null]> = [['none', null], ['B', f.modB], ['A', f.modA], ['admin', f.admin]];
    const wrong: string[] = [];
    for (const [who, caller] of callers) {
      for (const key of walkOrder(routes)) {
        const need = ROUTE_NEEDS[key];
        if (!need) continue;
        // A route that ends the session gets a session of its own.
        const session = caller && ENDS_SESSION.has(key) ? await s.signIn({ email: caller.email, password: PASSWORD }) : caller?.session;
        const auth = session ? { headers: session, csrf: session['X-CSRF-Token'] ?? '' } : null;
        const outcome = judge(key, who, await call(key, auth));
        if (outcome !== expected(need, who)) wrong.push(`${key} as ${who}: ${outcome}, the table says ${expected(need, who)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('with an API token, each /api/admin route allows or refuses as the table says (preferences belong to people, so tokens are refused them)', async () => {
    const callers: Array<[Who, Caller | null]> = [['none', null], ['B', f.modB], ['A', f.modA], ['admin', f.admin]];
    const wrong: string[] = [];
    for (const [who, caller] of callers) {
      for (const key of walkOrder(routes.filter((k) => k.split(' ')[1]?.startsWith('/api/')))) {
        const need = ROUTE_NEEDS[key];
        if (!need) continue;
        const want = need === 'person' ? 'refused' : expected(need, who);
        const outcome = judge(key, who, await call(key, caller ? { headers: caller.token, csrf: '' } : null));
        if (outcome !== want) wrong.push(`${key} as ${who}: ${outcome}, expected ${want}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});

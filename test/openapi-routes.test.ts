// The OpenAPI document against the app itself: every route the app registers is described (or left
// out by a rule of src/openapi/index.ts), nothing described is missing from the app, the document is
// valid OpenAPI 3.1, and every example in it matches its own schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { openApiPath } from '../src/openapi/document.js';
import { isUndocumented, undocumentedRoutes } from '../src/openapi/index.js';
import { openDatabase } from '../src/node/database.js';
import { nodeMetrics } from '../src/node/metrics.js';
import { document, validatorAt } from './openapi-check.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

/**
 * Every method and path the app registers, as Hono lists them (middleware, `ALL`, is not a route).
 * The app is the Node server's with everything optional on (GET /metrics needs PARLEY_METRICS_TOKEN).
 */
function registeredRoutes(): Array<{ method: string; path: string }> {
  const database = openDatabase(':memory:');
  try {
    const metrics = nodeMetrics({ sqlite: database.sqlite, dbFile: ':memory:' });
    const config = parseConfig({ PARLEY_DB: ':memory:', PARLEY_METRICS_TOKEN: 'scrape-token-0123456789abcdef' });
    const app = createApp({ store: database.store, config, secret: 'test-secret-that-is-long-enough-0123456789', metrics });
    const seen = new Map<string, { method: string; path: string }>();
    for (const route of app.routes) {
      if (route.method === 'ALL') continue;
      seen.set(`${route.method} ${route.path}`, { method: route.method.toLowerCase(), path: route.path });
    }
    return [...seen.values()];
  } finally {
    database.close();
  }
}

const documented = () =>
  Object.entries(obj(document.paths)).flatMap(([path, item]) => Object.keys(obj(item)).map((method) => ({ method, path })));

describe('the OpenAPI document covers the app', () => {
  const routes = registeredRoutes();

  test('every route the app registers is in the document, unless a documented rule leaves it out', () => {
    const paths = obj(document.paths);
    const missing = routes.filter((r) => !isUndocumented(r.path) && !obj(paths[openApiPath(r.path)])[r.method]);
    assert.deepEqual(
      missing.map((r) => `${r.method.toUpperCase()} ${r.path}`),
      [],
      'describe these routes in src/openapi/areas/ (docs/api.md, "Describing a route")',
    );
    assert.ok(routes.length > 60, `the walk sees the whole app (${routes.length} routes)`);
  });

  test('everything the document describes is a route the app registers', () => {
    const registered = new Set(routes.map((r) => `${r.method} ${openApiPath(r.path)}`));
    const stale = documented().filter((op) => !registered.has(`${op.method} ${op.path}`));
    assert.deepEqual(stale, []);
  });

  test('no route is both described and left out, and every rule that leaves routes out still matches one', () => {
    const paths = obj(document.paths);
    const both = routes.filter((r) => isUndocumented(r.path) && obj(paths[openApiPath(r.path)])[r.method]);
    assert.deepEqual(both, []);
    for (const rule of undocumentedRoutes) {
      assert.ok(routes.some((r) => rule.pattern.test(r.path)), `the rule ${String(rule.pattern)} (${rule.why}) matches no route`);
    }
  });

  test('the Worker serves the same app: worker.ts builds it with the same createApp', () => {
    // The Worker entry has no routes of its own; test/worker-public.test.ts fetches /api/openapi.json from it.
    const source = readFileSync(new URL('../src/worker.ts', import.meta.url), 'utf8');
    assert.match(source, /import \{ createApp \} from '\.\/app\.js'/);
    assert.doesNotMatch(source, /\.(get|post|put|patch|delete)\(['"`]\//, 'no route is registered in worker.ts');
  });
});

describe('the OpenAPI document is sound', () => {
  test('it is valid OpenAPI 3.1 by the specification’s own schema', async () => {
    const result = await new Validator().validate(structuredClone(document));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  });

  test('every operation has its own operationId', () => {
    const ids = documented().map((op) => String(obj(obj(obj(document.paths)[op.path])[op.method]).operationId));
    assert.equal(new Set(ids).size, ids.length);
  });

  test('every error answer refers to the one Error component, with the codes of its status', () => {
    const status: Record<string, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, thread_closed: 403, banned: 403, not_found: 404, duplicate: 409, payload_too_large: 413, unsupported_media_type: 415, validation_failed: 422, rate_limited: 429 };
    let count = 0;
    for (const op of documented()) {
      for (const [code, response] of Object.entries(obj(obj(obj(obj(document.paths)[op.path])[op.method]).responses))) {
        if (Number(code) < 400 || Number(code) >= 500) continue; // 503 of health and readiness is their own body
        const schema = obj(obj(obj(obj(response).content)['application/json']).schema);
        if (Object.keys(schema).length === 0) continue; // the HTML forms' error pages
        count++;
        assert.deepEqual(schema.allOf, [{ $ref: '#/components/schemas/Error' }], `${op.method} ${op.path} ${code}`);
        const codes = obj(obj(obj(obj(schema.properties).error).properties).code).enum;
        assert.ok(Array.isArray(codes) && codes.every((c) => status[String(c)] === Number(code)), `${op.method} ${op.path} ${code}: ${String(codes)}`);
      }
    }
    assert.ok(count > 100, `${count} error answers`);
  });

  test('every moderator route needs the bearer token or the session cookie, with the CSRF header on writes', () => {
    for (const op of documented().filter((o) => o.path.startsWith('/api/admin/') && !(o.path === '/api/admin/session' && o.method === 'post'))) {
      const security = obj(obj(document.paths)[op.path])[op.method] as { security?: unknown[] };
      const expected = op.method === 'get' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }, { sessionCookie: [], csrfToken: [] }];
      assert.deepEqual(security.security, expected, `${op.method} ${op.path}`);
    }
  });

  test('every example, of a request or of a response, matches its own schema', () => {
    let checked = 0;
    for (const op of documented()) {
      const operation = obj(obj(obj(document.paths)[op.path])[op.method]);
      const places: Array<{ content: Json; at: string[] }> = [
        { content: obj(obj(operation.requestBody).content), at: ['requestBody', 'content'] },
        ...Object.entries(obj(operation.responses)).map(([status, r]) => ({ content: obj(obj(r).content), at: ['responses', status, 'content'] })),
      ];
      for (const { content, at } of places) {
        for (const [type, media] of Object.entries(content)) {
          if (obj(media).example === undefined || !type.endsWith('json')) continue;
          const validate = validatorAt('paths', op.path, op.method, ...at, type, 'schema');
          assert.ok(validate(obj(media).example), `${op.method} ${op.path} ${at.join(' ')}: ${JSON.stringify(validate.errors)}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 40, `${checked} examples`);
  });

  test('a public comment cannot carry an email or an IP: its schema is closed', () => {
    const schemas = obj(obj(document.components).schemas);
    for (const id of ['PublicComment', 'PublicAuthor', 'Thread', 'OwnComment']) {
      const schema = obj(schemas[id]);
      assert.equal(schema.additionalProperties, false, id);
      assert.ok(!('email' in obj(schema.properties)) && !('ip' in obj(schema.properties)), id);
    }
  });
});

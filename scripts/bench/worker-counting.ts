// Bench-only Worker entry (`npm run bench -- --worker`): Parley's own Worker (src/worker.ts) with its
// D1 binding wrapped to count what a request costs in D1: round trips (a statement run on its own,
// or one db.batch()) and statements. GET /__bench/d1 answers the counts so far and starts again.
// Never deployed: scripts/bench/worker.ts bundles it with esbuild for workerd (Miniflare).
import type { D1Database, D1PreparedStatement, ExecutionContext } from '@cloudflare/workers-types';
import parley, { type Env } from '../../src/worker.js';

const counts = { queries: 0, batches: 0, statements: 0 };
/** The SQL of each round trip since the last read (what to look at when a count is high). */
let sql: string[] = [];
const sqlOf = new WeakMap<object, string>();
const inner = new WeakMap<object, D1PreparedStatement>();

function statement(target: D1PreparedStatement, text = ''): D1PreparedStatement {
  sqlOf.set(target, text);
  const proxy = new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      if (prop === 'bind') return (...args: unknown[]) => statement(t.bind(...args), sqlOf.get(t));
      if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
        return (...args: unknown[]) => {
          counts.queries++;
          counts.statements++;
          sql.push(text.slice(0, 160));
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(t);
    },
  });
  inner.set(proxy, target);
  return proxy;
}

function counted(db: D1Database): D1Database {
  return new Proxy(db, {
    get(t, prop) {
      if (prop === 'prepare') return (text: string) => statement(t.prepare(text), text);
      if (prop === 'batch') {
        return (list: D1PreparedStatement[]) => {
          counts.batches++;
          counts.statements += list.length;
          sql.push(`batch of ${list.length}: ${list.map((s) => (sqlOf.get(inner.get(s) ?? s) ?? '').slice(0, 60)).join(' | ')}`);
          return t.batch(list.map((s) => inner.get(s) ?? s));
        };
      }
      if (prop === 'exec') {
        return (text: string) => {
          counts.queries++;
          counts.statements++;
          sql.push(text.slice(0, 160));
          return t.exec(text);
        };
      }
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

let db: D1Database | null = null;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === '/__bench/d1') {
      const body = JSON.stringify({ ...counts, sql });
      counts.queries = counts.batches = counts.statements = 0;
      sql = [];
      return new Response(body, { headers: { 'Content-Type': 'application/json' } });
    }
    db ??= counted(env.DB);
    return parley.fetch(request, { ...env, DB: db }, ctx);
  },
};

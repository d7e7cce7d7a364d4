// GET /readyz: whether this instance can serve: the database answers and has every migration this
// build expects. (/healthz, in pages.tsx, only says the process is alive and the database answers.)
import { Hono } from 'hono';
import { expectedMigrations, pendingMigrations, type AppliedMigrations } from '../db/migrations.js';
import type { AppEnv } from '../http/env.js';
import type { Store } from '../store/types.js';

export interface ReadinessDeps {
  store: Pick<Store, 'ping'>;
  /** Reads the database's migration bookkeeping; without it only the database's answer is checked. */
  migrations?: () => Promise<AppliedMigrations>;
}

export function readinessRoutes(deps: ReadinessDeps) {
  const app = new Hono<AppEnv>();
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const problems: string[] = [];
    try {
      await deps.store.ping();
      if (deps.migrations) {
        const pending = pendingMigrations(await deps.migrations());
        if (pending.length > 0) problems.push(`migrations not applied: ${pending.join(', ')}`);
      }
    } catch {
      problems.push('the database does not answer');
    }
    if (problems.length > 0) return c.json({ ready: false, problems }, 503);
    return c.json({ ready: true, migrations: deps.migrations ? expectedMigrations.length : null });
  });
  return app;
}

// What a D1 database records of its applied migrations (see src/db/migrations.ts): `wrangler d1
// migrations apply` writes d1_migrations; the test harness migrates with drizzle's migrator instead.
import type { D1Database } from '@cloudflare/workers-types';
import { MIGRATION_TABLES_SQL, type AppliedMigrations } from '../db/migrations.js';

export async function appliedD1Migrations(db: D1Database): Promise<AppliedMigrations> {
  const tables = new Set((await db.prepare(MIGRATION_TABLES_SQL).all<{ name: string }>()).results.map((row) => row.name));
  const createdAt = tables.has('__drizzle_migrations')
    ? (await db.prepare('select created_at from __drizzle_migrations').all<{ created_at: number }>()).results.map((row) => Number(row.created_at))
    : [];
  const names = tables.has('d1_migrations') ? (await db.prepare('select name from d1_migrations').all<{ name: string }>()).results.map((row) => String(row.name)) : [];
  return { createdAt, names };
}

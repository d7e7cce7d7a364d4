// What the Node server's SQLite file records of its applied migrations (see src/db/migrations.ts).
import type Database from 'better-sqlite3';
import { MIGRATION_TABLES_SQL, type AppliedMigrations } from '../db/migrations.js';

export function appliedMigrations(sqlite: Database.Database): AppliedMigrations {
  const tables = new Set(sqlite.prepare(MIGRATION_TABLES_SQL).pluck().all() as string[]);
  return {
    createdAt: tables.has('__drizzle_migrations') ? (sqlite.prepare('select created_at from __drizzle_migrations').pluck().all() as unknown[]).map(Number) : [],
    names: tables.has('d1_migrations') ? (sqlite.prepare('select name from d1_migrations').pluck().all() as unknown[]).map(String) : [],
  };
}

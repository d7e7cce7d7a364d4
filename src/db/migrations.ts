// Which of the drizzle-kit migrations this build carries a database has applied (for GET /readyz).
// No driver here: each entry reads the two bookkeeping tables its own way and passes the rows in.
import journal from '../../drizzle/meta/_journal.json';

/** What a database records of its applied migrations. */
export interface AppliedMigrations {
  /** drizzle's migrator (`__drizzle_migrations.created_at`): the journal's `when` of each migration. */
  createdAt: number[];
  /** `wrangler d1 migrations apply` (`d1_migrations.name`): each migration's file name. */
  names: string[];
}

/** The migrations this build expects, oldest first. */
export const expectedMigrations: readonly string[] = journal.entries.map((entry) => entry.tag);

/** The tags of the expected migrations that the database has not applied, oldest first. */
export function pendingMigrations(applied: AppliedMigrations): string[] {
  const names = new Set(applied.names.map((name) => name.replace(/\.sql$/, '')));
  const times = new Set(applied.createdAt);
  return journal.entries.filter((entry) => !names.has(entry.tag) && !times.has(entry.when)).map((entry) => entry.tag);
}

/** The SQL that lists which bookkeeping tables exist; the entries then read those that do. */
export const MIGRATION_TABLES_SQL = "select name from sqlite_master where type = 'table' and name in ('__drizzle_migrations', 'd1_migrations')";

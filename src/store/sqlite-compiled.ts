// A Drizzle query compiled once into a better-sqlite3 statement whose parameters and row decoding
// are worked out ahead. Drizzle's own prepared get() asks every parameter and every column what kind
// it is (`is()`) on each call, which the few statements every POST runs (the article, the duplicate
// check, the insert) felt: ~2% of a POST's CPU. Same SQL, same encoders and decoders as Drizzle's.
import { getTableColumns, is, Param, Placeholder, type InferSelectModel } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

export type Values = Record<string, unknown>;

function valueOf(values: Values, name: string): unknown {
  if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
  return values[name];
}

/** What each bound parameter is, from Drizzle's query: a placeholder's value (encoded as its column says) or a constant. */
function parameters(params: unknown[]): (values: Values) => unknown[] {
  const getters = params.map((param): ((values: Values) => unknown) => {
    if (is(param, Placeholder)) {
      const { name } = param;
      return (values) => valueOf(values, name);
    }
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      const { name } = param.value;
      return (values) => encoder.mapToDriverValue(valueOf(values, name));
    }
    return () => param;
  });
  return (values) => getters.map((get) => get(values));
}

/**
 * A statement answering rows of every column of `table` in the table's order (a `select()` of it, or
 * `returning()`), decoded as Drizzle does (a null stays null, anything else through its column).
 */
export function compileRowQuery<T extends SQLiteTable>(
  client: Database.Database,
  query: { sql: string; params: unknown[] },
  table: T,
): (values: Values) => InferSelectModel<T> | undefined {
  const statement = client.prepare(query.sql);
  statement.raw(true);
  const columns = Object.entries(getTableColumns(table));
  // Checked once: the statement's columns are the table's, in its order.
  const names = statement.columns().map((c) => c.name);
  if (names.join() !== columns.map(([, column]) => column.name).join()) {
    throw new Error(`compileRowQuery: the statement's columns (${names.join()}) are not the table's`);
  }
  const bind = parameters(query.params);
  return (values) => {
    const raw = statement.get(...bind(values)) as unknown[] | undefined;
    if (!raw) return undefined;
    const row: Values = {};
    for (let i = 0; i < columns.length; i++) {
      const entry = columns[i];
      if (!entry) continue;
      const value = raw[i];
      row[entry[0]] = value === null || value === undefined ? null : entry[1].mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}

/** A statement of which only whether it finds a row matters. */
export function compileExists(client: Database.Database, query: { sql: string; params: unknown[] }): (values: Values) => boolean {
  const statement = client.prepare(query.sql);
  statement.raw(true);
  const bind = parameters(query.params);
  return (values) => statement.get(...bind(values)) !== undefined;
}

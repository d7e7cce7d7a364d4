// The database baseline: how fast better-sqlite3 alone inserts comment rows into a freshly migrated
// Parley database (same indexes, the server's own connection settings: WAL, synchronous=NORMAL,
// foreign keys, cache size), one row per transaction, `group` rows per transaction (the most a group
// commit can carry when that many connections each have one POST in flight: the same commits per row
// as Parley at its best, so the same durability per acknowledged row) and 1,000 per transaction, and
// how fast it inserts into a table with no index at all.
// Usage: raw-inserts.ts {dir} {seconds per measurement} [group=50]; prints one JSON line.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/node/database.js';
import { applyPragmas } from '../../src/node/pragmas.js';

const [dir, secondsText, groupText] = process.argv.slice(2);
if (!dir || !secondsText) throw new Error('usage: raw-inserts.ts {dir} {seconds} [group]');
const seconds = Number(secondsText);
const group = Number(groupText ?? 50);

const file = join(dir, 'raw-inserts.db');
openDatabase(file).close();
const db = new Database(file);
applyPragmas(db);
db.exec(`insert into sites (slug, settings, created_at) values ('raw', '{}', 0);
  insert into articles (site_id, key) values (1, '/raw');
  create table plain (id integer primary key, a text, b integer);`);

const insert = db.prepare(`insert into comments (article_id, parent_id, depth, status, reasons, name, email, url, avatar,
  body_source, html, ip, user_agent, moderator, edit_token_hash, created_at)
  values (1, null, 1, 'approved', '[]', ?, ?, null, ?, ?, ?, '192.0.2.0', 'raw', 0, ?, ?)`);
let n = 0;
// Each of the 1,000 posters has their own avatar hash, as Parley writes it (one constant value made the
// avatar index an append, cheaper than the random inserts Parley's rows cause).
const avatars = Array.from({ length: 1000 }, (_, i) => createHash('sha256').update(`poster${i}@example.org`).digest('hex').slice(0, 32));
const row = () => {
  n++;
  const body = `Comment ${n}: the *painted* lanes were never enough; see https://news.example.org/reports.`;
  insert.run(`Poster ${n % 1000}`, `poster${n % 1000}@example.org`, avatars[n % 1000], body, `<p>${body}</p>`, 'f'.repeat(64), Date.now());
};
const plain = db.prepare('insert into plain (a, b) values (?, ?)');

/** Rows per second of `step` (which writes `rowsPerStep` rows), after a short warm-up. */
function rate(step: () => void, rowsPerStep: number): number {
  const warm = performance.now() + 300;
  while (performance.now() < warm) step();
  let rows = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    step();
    rows += rowsPerStep;
  }
  return rows / ((performance.now() - start) / 1000);
}

const batch = db.transaction((rows: number) => {
  for (let i = 0; i < rows; i++) row();
});
const result = {
  commentsAutocommit: rate(row, 1),
  commentsGrouped: rate(() => batch(group), group),
  group,
  commentsBatched: rate(() => batch(1000), 1000),
  plainAutocommit: rate(() => plain.run('hello world', n++), 1),
};
db.close();
console.log(JSON.stringify(result));

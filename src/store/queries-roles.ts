// SQL of roles, shared by the better-sqlite3 and D1 stores. Each change is a list of statements run
// in one transaction (one D1 batch); the guard against removing or demoting the last admin is part
// of the statements themselves, so two admins demoting each other at once cannot both succeed.
import { asc, sql, type SQL } from 'drizzle-orm';
import { accessOf, type Access } from '../moderation/roles.js';
import { apiTokens, auditLog, moderators } from '../db/schema.js';
import type { AnyDb } from './queries.js';
import type { ModeratorWithAccess, TokenWithAccess } from './roles-types.js';
import type { NewAudit } from './types.js';

const sitesJson = (access: Access) => JSON.stringify(access.role === 'admin' ? [] : [...new Set(access.siteIds)].sort((a, b) => a - b));

/** The audit entry, written only when `condition` holds when the statement runs. */
function auditWhen(entry: NewAudit, condition: SQL): SQL {
  return sql`insert into ${auditLog} (actor_type, actor_id, actor_name, action, comment_id, site_id, from_status, to_status, detail, at)
    select ${entry.actor.type}, ${entry.actor.id}, ${entry.actor.name}, ${entry.action}, null, null, null, null,
      ${entry.detail ? JSON.stringify(entry.detail) : null}, ${entry.at}
    where ${condition}`;
}

/** True while another admin than `id` exists, or `id` is no admin. */
const notLastAdmin = (id: number) =>
  sql`exists (select 1 from ${moderators} m where m.id = ${id} and (m.role != 'admin' or (select count(*) from ${moderators} where role = 'admin') > 1))`;

export function createModeratorStatements(m: { email: string; name: string; passwordHash: string; access: Access }, audit: NewAudit, now: number): SQL[] {
  const email = m.email.toLowerCase();
  return [
    sql`insert into ${moderators} (email, name, password_hash, created_at, role, sites)
      values (${email}, ${m.name}, ${m.passwordHash}, ${now}, ${m.access.role}, ${sitesJson(m.access)})
      on conflict (email) do nothing returning id`,
    // The salted hash is this insert's own: an account that existed already has another one.
    auditWhen(audit, sql`exists (select 1 from ${moderators} where email = ${email} and password_hash = ${m.passwordHash})`),
  ];
}

export function setModeratorAccessStatements(id: number, access: Access, audit: NewAudit): SQL[] {
  const sites = sitesJson(access);
  return [
    sql`update ${moderators} set role = ${access.role}, sites = ${sites}
      where id = ${id} and (${access.role} = 'admin' or ${notLastAdmin(id)}) returning id`,
    auditWhen(audit, sql`exists (select 1 from ${moderators} where id = ${id} and role = ${access.role} and sites = ${sites})`),
  ];
}

export function removeModeratorStatements(id: number, audit: NewAudit): SQL[] {
  return [
    auditWhen(audit, notLastAdmin(id)),
    sql`delete from ${apiTokens} where created_by = ${id} and ${notLastAdmin(id)}`,
    sql`delete from ${moderators} where id = ${id} and ${notLastAdmin(id)} returning id`,
  ];
}

export function createTokenStatements(
  t: { name: string; tokenHash: string; access: Access; createdBy: number | null },
  audit: NewAudit | null,
  now: number,
): SQL[] {
  const insert = sql`insert into ${apiTokens} (name, token_hash, created_at, role, sites, created_by)
    values (${t.name}, ${t.tokenHash}, ${now}, ${t.access.role}, ${sitesJson(t.access)}, ${t.createdBy})
    on conflict (name) do nothing returning id`;
  const inserted = sql`exists (select 1 from ${apiTokens} where name = ${t.name} and token_hash = ${t.tokenHash})`;
  return audit ? [insert, auditWhen(audit, inserted)] : [insert];
}

export function setTokenAccessStatements(id: number, access: Access, audit: NewAudit): SQL[] {
  return [
    sql`update ${apiTokens} set role = ${access.role}, sites = ${sitesJson(access)} where id = ${id} returning id`,
    auditWhen(audit, sql`exists (select 1 from ${apiTokens} where id = ${id})`),
  ];
}

export function removeTokenStatements(id: number, audit: NewAudit): SQL[] {
  return [auditWhen(audit, sql`exists (select 1 from ${apiTokens} where id = ${id})`), sql`delete from ${apiTokens} where id = ${id} returning id`];
}

/** Whether a moderator exists (to tell `missing` from `last_admin` after a refused change). */
export async function moderatorExists(db: AnyDb, id: number): Promise<boolean> {
  const row = await db.select({ id: moderators.id }).from(moderators).where(sql`${moderators.id} = ${id}`).get();
  return row !== undefined;
}

export async function listModeratorsWithAccess(db: AnyDb): Promise<ModeratorWithAccess[]> {
  const rows = await db.select().from(moderators).orderBy(asc(moderators.id)).all();
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, createdAt: r.createdAt, access: accessOf(r) }));
}

export async function listTokensWithAccess(db: AnyDb): Promise<TokenWithAccess[]> {
  const rows = await db.select().from(apiTokens).orderBy(asc(apiTokens.id)).all();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, access: accessOf(r), createdBy: r.createdBy }));
}

/** The answer of a change: its first statement's rows say whether it happened. */
export async function accessChange(db: AnyDb, id: number, changedRows: readonly unknown[] | undefined) {
  if (changedRows && changedRows.length > 0) return 'ok' as const;
  return (await moderatorExists(db, id)) ? ('last_admin' as const) : ('missing' as const);
}

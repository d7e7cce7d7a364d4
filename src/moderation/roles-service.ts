// Managing moderators and API tokens with their role and sites (admins only; audited).
import { AppError, validationError } from '../errors.js';
import type { ModeratorWithAccess, TokenWithAccess } from '../store/roles-types.js';
import type { Actor, Site, Store } from '../store/types.js';
import { newApiToken } from './auth.js';
import { hashPassword } from './password.js';
import type { AccessInput } from './roles-input.js';
import type { Access, Role } from './roles.js';

export interface RolesDeps {
  store: Store;
  now: () => number;
}

const LAST_ADMIN = 'Parley needs at least one admin: make another admin first.';

/** Site names to ids; an unknown name is refused under `sites`. */
export async function accessFromInput(store: Pick<Store, 'listSites'>, input: AccessInput): Promise<Access> {
  if (input.role === 'admin') return { role: 'admin', siteIds: [] };
  const bySlug = new Map((await store.listSites()).map((s) => [s.slug, s.id]));
  const siteIds: number[] = [];
  for (const slug of input.sites) {
    const id = bySlug.get(slug);
    if (id === undefined) throw validationError({ sites: `There is no site "${slug}".` });
    siteIds.push(id);
  }
  return { role: 'moderator', siteIds: [...new Set(siteIds)] };
}

function slugsOf(access: Access, sites: Site[]): string[] {
  if (access.role === 'admin') return [];
  return sites.filter((s) => access.siteIds.includes(s.id)).map((s) => s.slug);
}

const moderatorView = (m: ModeratorWithAccess, sites: Site[]) => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.access.role,
  sites: slugsOf(m.access, sites),
  createdAt: new Date(m.createdAt).toISOString(),
});

const tokenView = (t: TokenWithAccess, sites: Site[]) => ({
  id: t.id,
  name: t.name,
  role: t.access.role,
  sites: slugsOf(t.access, sites),
  createdBy: t.createdBy,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
});

export type ModeratorView = ReturnType<typeof moderatorView>;
export type TokenView = ReturnType<typeof tokenView>;

export async function listModerators(deps: RolesDeps): Promise<ModeratorView[]> {
  const [moderators, sites] = await Promise.all([deps.store.listModeratorsWithAccess(), deps.store.listSites()]);
  return moderators.map((m) => moderatorView(m, sites));
}

export async function listTokens(deps: RolesDeps): Promise<TokenView[]> {
  const [tokens, sites] = await Promise.all([deps.store.listTokensWithAccess(), deps.store.listSites()]);
  return tokens.map((t) => tokenView(t, sites));
}

async function findModerator(deps: RolesDeps, id: number): Promise<ModeratorView> {
  const found = (await listModerators(deps)).find((m) => m.id === id);
  if (!found) throw new AppError('not_found', 'There is no such moderator.');
  return found;
}

async function findToken(deps: RolesDeps, id: number): Promise<TokenView> {
  const found = (await listTokens(deps)).find((t) => t.id === id);
  if (!found) throw new AppError('not_found', 'There is no such token.');
  return found;
}

const auditDetail = (what: { role: Role; sites: string[] }, extra: Record<string, unknown>) => ({ ...extra, role: what.role, sites: what.sites });

export async function createModerator(
  deps: RolesDeps,
  input: { email: string; name: string; password: string } & AccessInput,
  actor: Actor,
): Promise<ModeratorView> {
  const access = await accessFromInput(deps.store, input);
  const email = input.email.trim().toLowerCase();
  const at = deps.now();
  const audit = { actor, action: 'moderator.create', detail: auditDetail({ role: access.role, sites: access.role === 'admin' ? [] : input.sites }, { email }), at };
  const created = await deps.store.createModerator({ email, name: input.name, passwordHash: await hashPassword(input.password), access }, audit, at);
  if (!created) throw new AppError('duplicate', 'There is a moderator with this email already.');
  return findModerator(deps, created.id);
}

/** Merges a partial change (role and/or sites) over what a moderator or token has now. */
const merged = (now: { role: Role; sites: string[] }, change: { role?: Role; sites?: string[] }): AccessInput => ({
  role: change.role ?? now.role,
  sites: change.sites ?? now.sites,
});

export async function changeModerator(deps: RolesDeps, id: number, change: { role?: Role; sites?: string[] }, actor: Actor): Promise<ModeratorView> {
  const before = await findModerator(deps, id);
  const input = merged(before, change);
  const access = await accessFromInput(deps.store, input);
  const detail = auditDetail(input, { moderatorId: id, email: before.email, from: { role: before.role, sites: before.sites } });
  const result = await deps.store.setModeratorAccess(id, access, { actor, action: 'moderator.update', detail, at: deps.now() });
  if (result === 'missing') throw new AppError('not_found', 'There is no such moderator.');
  if (result === 'last_admin') throw new AppError('forbidden', LAST_ADMIN);
  return findModerator(deps, id);
}

export async function removeModerator(deps: RolesDeps, id: number, actor: Actor): Promise<void> {
  const before = await findModerator(deps, id);
  const detail = auditDetail(before, { moderatorId: id, email: before.email });
  const result = await deps.store.removeModerator(id, { actor, action: 'moderator.remove', detail, at: deps.now() });
  if (result === 'missing') throw new AppError('not_found', 'There is no such moderator.');
  if (result === 'last_admin') throw new AppError('forbidden', LAST_ADMIN);
}

/**
 * A new token, shown once. `ownerId`: the admin whose power caps it (the signed-in admin, or the
 * admin behind the token that asks); null for a command-line token's request.
 */
export async function createToken(
  deps: RolesDeps,
  input: { name: string } & AccessInput,
  actor: Actor,
  ownerId: number | null,
): Promise<{ token: TokenView; secret: string }> {
  const access = await accessFromInput(deps.store, input);
  const { token, hash } = await newApiToken();
  const at = deps.now();
  const detail = auditDetail({ role: access.role, sites: access.role === 'admin' ? [] : input.sites }, { name: input.name });
  const created = await deps.store.createTokenWithAccess({ name: input.name, tokenHash: hash, access, createdBy: ownerId }, { actor, action: 'token.create', detail, at }, at);
  if (!created) throw new AppError('duplicate', `A token named "${input.name}" exists already.`);
  return { token: await findToken(deps, created.id), secret: token };
}

export async function changeToken(deps: RolesDeps, id: number, change: { role?: Role; sites?: string[] }, actor: Actor): Promise<TokenView> {
  const before = await findToken(deps, id);
  const input = merged(before, change);
  const access = await accessFromInput(deps.store, input);
  const detail = auditDetail(input, { tokenId: id, name: before.name, from: { role: before.role, sites: before.sites } });
  if (!(await deps.store.setTokenAccess(id, access, { actor, action: 'token.update', detail, at: deps.now() }))) {
    throw new AppError('not_found', 'There is no such token.');
  }
  return findToken(deps, id);
}

export async function revokeToken(deps: RolesDeps, id: number, actor: Actor): Promise<void> {
  const before = await findToken(deps, id);
  const detail = auditDetail(before, { tokenId: id, name: before.name });
  if (!(await deps.store.removeToken(id, { actor, action: 'token.revoke', detail, at: deps.now() }))) {
    throw new AppError('not_found', 'There is no such token.');
  }
}

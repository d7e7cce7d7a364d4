// The store's side of roles: moderators' and API tokens' role and sites, changed with their audit
// entry in one transaction, never leaving the service without an admin.
import type { Access } from '../moderation/roles.js';
import type { NewAudit } from './types.js';

export interface ModeratorWithAccess {
  id: number;
  email: string;
  name: string;
  createdAt: number;
  access: Access;
}

export interface TokenWithAccess {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** The token's own role and sites (it never does more than its creator can now). */
  access: Access;
  createdBy: number | null;
}

/** `last_admin`: refused, because it would leave no admin. */
export type AccessChange = 'ok' | 'missing' | 'last_admin';

export interface RolesStore {
  /** A new moderator with this access, and its audit entry; null when the email is taken. */
  createModerator(
    moderator: { email: string; name: string; passwordHash: string; access: Access },
    audit: NewAudit,
    now: number,
  ): Promise<{ id: number } | null>;
  listModeratorsWithAccess(): Promise<ModeratorWithAccess[]>;
  setModeratorAccess(id: number, access: Access, audit: NewAudit): Promise<AccessChange>;
  /** Removes a moderator, its sessions and the tokens it made. */
  removeModerator(id: number, audit: NewAudit): Promise<AccessChange>;
  createTokenWithAccess(
    token: { name: string; tokenHash: string; access: Access; createdBy: number | null },
    audit: NewAudit | null,
    now: number,
  ): Promise<{ id: number } | null>;
  listTokensWithAccess(): Promise<TokenWithAccess[]>;
  setTokenAccess(id: number, access: Access, audit: NewAudit): Promise<boolean>;
  removeToken(id: number, audit: NewAudit): Promise<boolean>;
}

// Roles in the better-sqlite3 store: each change runs its statements (queries-roles.ts) in one transaction.
import type { Access } from '../moderation/roles.js';
import * as r from './queries-roles.js';
import type { RolesStore } from './roles-types.js';
import { SqliteReaderStore } from './sqlite-readers.js';
import type { NewAudit } from './types.js';

const firstId = (rows: Array<Record<string, unknown>> | undefined) => (typeof rows?.[0]?.id === 'number' ? { id: rows[0].id } : null);

export class SqliteRolesStore extends SqliteReaderStore implements RolesStore {
  async createModerator(m: { email: string; name: string; passwordHash: string; access: Access }, audit: NewAudit, now: number) {
    return firstId(this.atomically(r.createModeratorStatements(m, audit, now))[0]);
  }

  listModeratorsWithAccess() {
    return r.listModeratorsWithAccess(this.db);
  }

  async setModeratorAccess(id: number, access: Access, audit: NewAudit) {
    return r.accessChange(this.db, id, this.atomically(r.setModeratorAccessStatements(id, access, audit))[0]);
  }

  async removeModerator(id: number, audit: NewAudit) {
    return r.accessChange(this.db, id, this.atomically(r.removeModeratorStatements(id, audit))[2]);
  }

  async createTokenWithAccess(t: { name: string; tokenHash: string; access: Access; createdBy: number | null }, audit: NewAudit | null, now: number) {
    return firstId(this.atomically(r.createTokenStatements(t, audit, now))[0]);
  }

  listTokensWithAccess() {
    return r.listTokensWithAccess(this.db);
  }

  async setTokenAccess(id: number, access: Access, audit: NewAudit) {
    return firstId(this.atomically(r.setTokenAccessStatements(id, access, audit))[0]) !== null;
  }

  async removeToken(id: number, audit: NewAudit) {
    return firstId(this.atomically(r.removeTokenStatements(id, audit))[1]) !== null;
  }
}

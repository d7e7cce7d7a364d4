// Roles in the D1 store: each change runs its statements (queries-roles.ts) in one batch.
import type { Access } from '../moderation/roles.js';
import { D1ReaderStore } from './d1-readers.js';
import * as r from './queries-roles.js';
import type { RolesStore } from './roles-types.js';
import type { NewAudit } from './types.js';

const firstId = (rows: Array<Record<string, unknown>> | undefined) => (typeof rows?.[0]?.id === 'number' ? { id: rows[0].id } : null);

export class D1RolesStore extends D1ReaderStore implements RolesStore {
  async createModerator(m: { email: string; name: string; passwordHash: string; access: Access }, audit: NewAudit, now: number) {
    return firstId((await this.batch(r.createModeratorStatements(m, audit, now)))[0]);
  }

  listModeratorsWithAccess() {
    return r.listModeratorsWithAccess(this.db);
  }

  async setModeratorAccess(id: number, access: Access, audit: NewAudit) {
    return r.accessChange(this.db, id, (await this.batch(r.setModeratorAccessStatements(id, access, audit)))[0]);
  }

  async removeModerator(id: number, audit: NewAudit) {
    return r.accessChange(this.db, id, (await this.batch(r.removeModeratorStatements(id, audit)))[2]);
  }

  async createTokenWithAccess(t: { name: string; tokenHash: string; access: Access; createdBy: number | null }, audit: NewAudit | null, now: number) {
    return firstId((await this.batch(r.createTokenStatements(t, audit, now)))[0]);
  }

  listTokensWithAccess() {
    return r.listTokensWithAccess(this.db);
  }

  async setTokenAccess(id: number, access: Access, audit: NewAudit) {
    return firstId((await this.batch(r.setTokenAccessStatements(id, access, audit)))[0]) !== null;
  }

  async removeToken(id: number, audit: NewAudit) {
    return firstId((await this.batch(r.removeTokenStatements(id, audit)))[1]) !== null;
  }
}

// Moderators and API tokens of each role for the roles tests: an admin, a moderator of site A
// (`news`) and one of site B (`other`), each with a session (cookie + CSRF) and a real API token.
import { siteSettingsSchema } from '../src/comments/settings.js';
import { newApiToken } from '../src/moderation/auth.js';
import { hashPassword } from '../src/moderation/password.js';
import type { Access } from '../src/moderation/roles.js';
import { ORIGIN, START, type Service } from './helpers.js';

export const HOST = 'http://parley.test';
export const PASSWORD = 'correct horse battery';

export interface Caller {
  label: string;
  /** Cookie, CSRF and Origin headers of a signed-in session. */
  session: Record<string, string>;
  csrf: string;
  /** The Authorization header of the caller's own token. */
  token: Record<string, string>;
  email: string;
}

const testActor = { type: 'system' as const, id: 0, name: 'test', email: '' };

export async function rolesFixture(s: Service) {
  await s.store.saveSite('other', siteSettingsSchema.parse({ origins: [ORIGIN] }), START);
  const sites = await s.store.listSites();
  const siteA = sites.find((x) => x.slug === 'news')?.id ?? 0;
  const siteB = sites.find((x) => x.slug === 'other')?.id ?? 0;
  const passwordHash = await hashPassword(PASSWORD);
  let n = 0;

  /** A moderator with this access (no sign-in); answers its id. */
  const moderator = async (access: Access, email = `m${++n}@staff.example`) => {
    const created = await s.store.createModerator({ email, name: `Staff ${n}`, passwordHash, access }, { actor: testActor, action: 'moderator.create', at: s.clock.now }, s.clock.now);
    if (!created) throw new Error(`moderator ${email} exists`);
    return created.id;
  };

  /** A token with this access; answers its id and Authorization header. */
  const token = async (access: Access, createdBy: number | null = null) => {
    const { token: secret, hash } = await newApiToken();
    const created = await s.store.createTokenWithAccess({ name: `t${++n}`, tokenHash: hash, access, createdBy }, null, s.clock.now);
    if (!created) throw new Error('token not created');
    return { id: created.id, header: { Authorization: `Bearer ${secret}` } };
  };

  const caller = async (label: string, access: Access): Promise<Caller> => {
    const email = `${label.replace(/\W+/g, '-').toLowerCase()}@staff.example`;
    const id = await moderator(access, email);
    const session = await s.signIn({ email, password: PASSWORD });
    return { label, session, csrf: session['X-CSRF-Token'] ?? '', token: (await token(access, id)).header, email };
  };

  const admin = await caller('admin', { role: 'admin', siteIds: [] });
  const modA = await caller('moderator of A', { role: 'moderator', siteIds: [siteA] });
  const modB = await caller('moderator of B', { role: 'moderator', siteIds: [siteB] });

  /** A new comment on a site; answers its id. */
  const comment = async (site: 'news' | 'other', body = 'A comment to moderate.') => {
    s.later();
    const res = await s.post({ site, body, email: `reader${++n}@example.org` });
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { comment: { id: number } }).comment.id;
  };

  return { siteA, siteB, admin, modA, modB, moderator, token, comment };
}

export type RolesFixture = Awaited<ReturnType<typeof rolesFixture>>;

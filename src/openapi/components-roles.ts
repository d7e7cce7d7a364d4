// Response bodies of roles and API tokens (src/routes/admin/roles.ts, the session's `access`), as
// named components like those of components.ts (kept apart to keep that file small).
import { z } from 'zod';
import { roles } from '../moderation/roles.js';
import { named } from './components.js';

const isoTime = z.string().describe('ISO 8601 time in UTC, e.g. 2026-11-24T19:08:14.000Z');
const role = z.enum(roles).describe('admin: everything; moderator: the comments of its sites only');
const sites = z.array(z.string()).describe("a moderator's sites, by name (empty for an admin, who has every site)");

export const accessSchema = named('Access', z.object({ role, sites }), 'What the caller may do: `admin`, or `moderator` of these sites.');

export const moderatorAccountSchema = named(
  'ModeratorAccount',
  z.object({ id: z.number().int(), email: z.string(), name: z.string(), role, sites, createdAt: isoTime }),
  'A moderator account with its role and sites (admins only; never its password).',
);

export const apiTokenSchema = named(
  'ApiToken',
  z.object({
    id: z.number().int(),
    name: z.string(),
    role,
    sites,
    createdBy: z.number().int().nullable().describe('the admin whose power caps the token; null for one made on the command line'),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
  }),
  'An API token without its secret (shown once, when it is made).',
);

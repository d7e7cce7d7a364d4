// zod schemas of the moderators' and tokens' API (roles and sites).
import { z } from 'zod';
import { emailSchema, nameSchema, siteSlugSchema } from '../comments/input.js';
import { roles } from './roles.js';

const roleSchema = z.enum(roles, { error: 'Role is admin or moderator.' });
const sitesSchema = z.array(siteSlugSchema, { error: 'Sites is a list of site names.' }).max(1000, 'At most 1000 sites.');

export const moderatorCreateSchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: z.string({ error: 'Give a password of at least 8 characters.' }).min(8, 'A password has at least 8 characters.').max(1024),
  role: roleSchema,
  sites: sitesSchema.default([]),
});

export const accessChangeSchema = z
  .strictObject({ role: roleSchema.optional(), sites: sitesSchema.optional() })
  .refine((v) => v.role !== undefined || v.sites !== undefined, { message: 'Give a role, sites or both.', path: ['role'] });

export const tokenCreateSchema = z.strictObject({
  name: z.string({ error: 'Give the token a name.' }).trim().min(1, 'Give the token a name.').max(100, 'A name is at most 100 characters.'),
  role: roleSchema,
  sites: sitesSchema.default([]),
});

export const idParamSchema = z.object({ id: z.string().regex(/^[1-9][0-9]{0,14}$/, 'Not an id.').transform(Number) });

export type AccessInput = { role: (typeof roles)[number]; sites: string[] };

// Moderators and API tokens with their role and sites, admins only (src/routes/admin/roles.ts).
import { z } from 'zod';
import { accessChangeSchema, idParamSchema, moderatorCreateSchema, tokenCreateSchema } from '../../moderation/roles-input.js';
import { apiTokenSchema, moderatorAccountSchema } from '../components-roles.js';
import { exampleTime } from '../examples.js';
import type { Operation } from '../operation.js';

const tag = 'Roles';
const siteNames = 'each a site that exists (validation_failed names the unknown ones); ignored for an admin';
const exampleModerator = { id: 2, email: 'kim@example.org', name: 'Kim', role: 'moderator', sites: ['demo'], createdAt: exampleTime };
const exampleToken = { id: 3, name: 'ci', role: 'moderator', sites: ['demo'], createdBy: 1, createdAt: exampleTime, lastUsedAt: null };
const changeNote = { role: 'give role, sites or both' };

export const adminRoleOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/admin/moderators',
    tag,
    auth: 'moderator',
    summary: 'Every moderator with its role and sites',
    responses: { 200: { description: 'The moderators', schema: z.object({ moderators: z.array(moderatorAccountSchema) }), example: { moderators: [exampleModerator] } } },
  },
  {
    method: 'post',
    path: '/api/admin/moderators',
    tag,
    auth: 'moderator',
    summary: 'Add a moderator (audited)',
    body: { schema: moderatorCreateSchema, example: { email: 'kim@example.org', name: 'Kim', password: 'correct horse battery', role: 'moderator', sites: ['demo'] }, fields: { sites: siteNames } },
    responses: { 201: { description: 'The moderator', schema: z.object({ moderator: moderatorAccountSchema }), example: { moderator: exampleModerator } } },
    errors: ['duplicate'],
  },
  {
    method: 'patch',
    path: '/api/admin/moderators/:id',
    tag,
    auth: 'moderator',
    summary: "Change a moderator's role or sites (audited)",
    description: 'The last admin cannot be made a moderator (403).',
    params: idParamSchema,
    body: { schema: accessChangeSchema, example: { sites: ['demo', 'blog'] }, fields: { ...changeNote, sites: siteNames } },
    responses: { 200: { description: 'The moderator as changed', schema: z.object({ moderator: moderatorAccountSchema }) } },
  },
  {
    method: 'delete',
    path: '/api/admin/moderators/:id',
    tag,
    auth: 'moderator',
    summary: 'Remove a moderator (audited; not the last admin)',
    params: idParamSchema,
    responses: { 204: { description: 'Removed' } },
  },
  {
    method: 'get',
    path: '/api/admin/tokens',
    tag,
    auth: 'moderator',
    summary: 'Every API token with its role and sites (never their secrets)',
    responses: { 200: { description: 'The tokens', schema: z.object({ tokens: z.array(apiTokenSchema) }), example: { tokens: [exampleToken] } } },
  },
  {
    method: 'post',
    path: '/api/admin/tokens',
    tag,
    auth: 'moderator',
    summary: 'Make an API token (audited): its secret is answered once',
    body: { schema: tokenCreateSchema, example: { name: 'ci', role: 'moderator', sites: ['demo'] }, fields: { sites: siteNames } },
    responses: {
      201: {
        description: 'The token and its secret (the bearer token; not shown again)',
        schema: z.object({ token: apiTokenSchema, secret: z.string() }),
        example: { token: exampleToken, secret: 'pt_…' },
      },
    },
    errors: ['duplicate'],
  },
  {
    method: 'patch',
    path: '/api/admin/tokens/:id',
    tag,
    auth: 'moderator',
    summary: "Change a token's role or sites (audited)",
    params: idParamSchema,
    body: { schema: accessChangeSchema, example: { role: 'admin' }, fields: { ...changeNote, sites: siteNames } },
    responses: { 200: { description: 'The token as changed', schema: z.object({ token: apiTokenSchema }) } },
  },
  {
    method: 'delete',
    path: '/api/admin/tokens/:id',
    tag,
    auth: 'moderator',
    summary: 'Revoke a token (audited)',
    params: idParamSchema,
    responses: { 204: { description: 'Revoked' } },
  },
];

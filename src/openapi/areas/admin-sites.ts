// Sign-in, sites and their settings, statistics, the audit log, import and export
// (src/routes/admin/session.ts, sites.ts, import.ts, export.ts).
import { z } from 'zod';
import { importBatchSchema } from '../../imports/records.js';
import { auditQuerySchema, signInSchema, siteParamSchema, siteSettingsInputSchema } from '../../moderation/input.js';
import { exportQuerySchema } from '../../routes/admin/export.js';
import { akismetVerifySchema } from '../../routes/admin/spam.js';
import { auditPageSchema, importReportSchema, moderatorSchema, siteNameSchema, siteViewSchema, statsSchema } from '../components.js';
import { accessSchema } from '../components-roles.js';
import { exampleSettings, exampleTime } from '../examples.js';
import type { Operation } from '../operation.js';

const tag = 'Sites';
const session = 'Session';

export const adminSiteOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/admin/session',
    tag: session,
    summary: 'Sign in: sets the HttpOnly session cookie and answers the CSRF token',
    description: 'Repeated failures are slowed down, then refused with 429. A request from another origin is refused (403).',
    body: { schema: signInSchema, example: { email: 'mod@example.org', password: 'correct horse battery' } },
    responses: {
      200: {
        description: 'Signed in',
        headers: { 'Set-Cookie': 'parley_session=…; HttpOnly; SameSite=Strict; Path=/ (Secure over https)' },
        schema: z.object({ moderator: moderatorSchema, csrfToken: z.string(), expiresAt: z.string() }),
        example: { moderator: { id: 1, email: 'mod@example.org', name: 'Mo Derator' }, csrfToken: 'opaque', expiresAt: exampleTime },
      },
    },
    errors: ['unauthorized', 'forbidden', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/api/admin/session',
    tag: session,
    auth: 'moderator',
    summary: 'Who is signed in (a moderator, or an API token), and the CSRF token',
    responses: {
      200: {
        description: 'The caller',
        schema: z.object({
          moderator: moderatorSchema.nullable(),
          actor: z.object({ type: z.enum(['moderator', 'token']), name: z.string() }),
          csrfToken: z.string().nullable(),
          access: accessSchema,
        }),
      },
    },
  },
  {
    method: 'delete',
    path: '/api/admin/session',
    tag: session,
    auth: 'moderator',
    summary: 'Sign out',
    responses: { 204: { description: 'Signed out; the cookie is cleared' } },
  },
  { method: 'get', path: '/api/admin/stats', tag, auth: 'moderator', summary: 'Comments per status, per site', responses: { 200: { description: 'Counts', schema: statsSchema } } },
  {
    method: 'get',
    path: '/api/admin/sites',
    tag,
    auth: 'moderator',
    summary: 'Every site with its settings (an admin), or the names of its own sites (a moderator)',
    responses: {
      200: {
        description: 'The sites: an admin gets each with its settings and webhook secret, a moderator only the names of the sites it moderates',
        schema: z.object({ sites: z.union([z.array(siteViewSchema), z.array(siteNameSchema)]) }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/admin/sites/:site',
    tag,
    auth: 'moderator',
    summary: "A site's settings (and its webhook secret)",
    params: siteParamSchema,
    responses: { 200: { description: 'The site', schema: siteViewSchema, example: { site: 'demo', settings: exampleSettings, webhookSecret: 'whsec_…' } } },
  },
  {
    method: 'put',
    path: '/api/admin/sites/:site',
    tag,
    auth: 'moderator',
    summary: "Create or replace a site's settings",
    description: 'The whole settings object: unknown keys are refused, missing keys take their defaults.',
    params: siteParamSchema,
    body: {
      schema: siteSettingsInputSchema,
      example: { origins: ['https://example.org'], approval: 'all', akismetKey: { set: true } },
      fields: {
        akismetKey: 'write-only: left out or sent back as shown ({"set": …}), the stored key stays; null removes it',
        moderationHook: "the hook's secret is write-only like akismetKey (a new hook needs one); its URL and the notify webhook may not be private or loopback addresses unless PARLEY_ALLOW_PRIVATE_HOOKS",
      },
    },
    responses: { 200: { description: 'Replaced', schema: siteViewSchema }, 201: { description: 'Created', schema: siteViewSchema } },
  },
  {
    method: 'post',
    path: '/api/admin/sites/:site/akismet/verify',
    tag,
    auth: 'moderator',
    summary: 'Check an Akismet key with Akismet: the one given, else the stored one',
    description: 'The body may be empty (then the stored key is checked). `unreachable`: Akismet did not answer, so nothing is known of the key.',
    params: siteParamSchema,
    body: { schema: akismetVerifySchema, example: { key: 'abc123def456' }, required: false, fields: { key: 'left out: the key stored in the site settings (validation_failed when there is none)' } },
    responses: {
      200: { description: "Akismet's verdict", schema: z.object({ key: z.enum(['valid', 'invalid', 'unreachable']) }), example: { key: 'valid' } },
    },
    errors: ['internal_error'],
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    tag,
    auth: 'moderator',
    summary: 'Who did what to which comment, when (newest first)',
    query: auditQuerySchema,
    responses: { 200: { description: 'One page', schema: auditPageSchema } },
  },
  {
    method: 'get',
    path: '/api/admin/sites/:site/export',
    tag,
    auth: 'moderator',
    summary: 'The whole site as a file, streamed (audited)',
    params: siteParamSchema,
    query: exportQuerySchema,
    responses: {
      200: { description: 'parley: JSON lines; wordpress: a WXR file', type: ['application/x-ndjson', 'application/xml'], headers: { 'Content-Disposition': 'attachment; filename="…"' } },
    },
  },
  {
    method: 'post',
    path: '/api/admin/sites/:site/import',
    tag,
    auth: 'moderator',
    summary: 'Import one batch of parsed comments (idempotent by source and source id)',
    params: siteParamSchema,
    body: { schema: importBatchSchema, example: { dryRun: true, articles: [], comments: [] } },
    responses: { 200: { description: 'What the batch did', schema: importReportSchema } },
  },
];

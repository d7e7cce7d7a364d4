// Moderators' privacy tools, retention, notification preferences and failed mail
// (src/routes/admin/privacy.ts, src/routes/admin/mail.ts).
import { z } from 'zod';
import { mailPrefsInputSchema } from '../../mail/preferences.js';
import { adminEraseSchema, privacyLookupSchema } from '../../privacy/input.js';
import { failedQuerySchema } from '../../routes/admin/mail.js';
import { adminCommentSchema, failedMailSchema, notificationsSchema, personalExportSchema, sitePrefsSchema } from '../components.js';
import type { Operation } from '../operation.js';

const privacy = 'Privacy';
const mail = 'Mail';

export const adminDataOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/admin/privacy',
    tag: privacy,
    auth: 'moderator',
    summary: "Every comment of one email address on a site",
    query: privacyLookupSchema,
    responses: { 200: { description: 'The comments', schema: z.object({ comments: z.array(adminCommentSchema) }) } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/admin/privacy/export',
    tag: privacy,
    auth: 'moderator',
    summary: "One address's personal data as a file (audited)",
    query: privacyLookupSchema,
    responses: { 200: { description: 'The data', schema: personalExportSchema, headers: { 'Content-Disposition': 'attachment; filename="…"' } } },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/api/admin/privacy/erase',
    tag: privacy,
    auth: 'moderator',
    summary: "Anonymise or delete one address's comments",
    body: { schema: adminEraseSchema, example: { site: 'demo', email: 'amal@example.org', mode: 'anonymise' } },
    responses: {
      200: {
        description: 'What was erased',
        schema: z.object({ erased: z.object({ anonymised: z.number().int(), removed: z.number().int(), placeholders: z.number().int() }) }),
        example: { erased: { anonymised: 3, removed: 0, placeholders: 0 } },
      },
    },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/api/admin/retention/run',
    tag: privacy,
    auth: 'moderator',
    summary: "Apply every site's retention settings now",
    responses: { 200: { description: 'What was forgotten and purged', schema: z.object({ forgotten: z.number().int(), purged: z.number().int() }) } },
  },
  {
    method: 'get',
    path: '/api/admin/me/notifications',
    tag: mail,
    auth: 'moderator',
    summary: "The signed-in moderator's mail preferences per site (not for API tokens: 403)",
    responses: { 200: { description: 'The preferences', schema: notificationsSchema } },
  },
  {
    method: 'put',
    path: '/api/admin/me/notifications',
    tag: mail,
    auth: 'moderator',
    summary: "Set the signed-in moderator's mail preferences for one site",
    body: { schema: mailPrefsInputSchema, example: { site: 'demo', onNew: false, onHeld: true, digestMinutes: 60 } },
    responses: { 200: { description: "The site's preferences as saved", schema: sitePrefsSchema } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/api/admin/mail/failed',
    tag: mail,
    auth: 'moderator',
    summary: 'Mail that failed for good, newest first',
    query: failedQuerySchema,
    responses: { 200: { description: 'The mails', schema: z.object({ mails: z.array(failedMailSchema) }) } },
  },
];

// Bans and the author actions (src/routes/admin/bans.ts). Every route names its site (in the body
// or the query), and a moderator may use them on its own sites only.
import { z } from 'zod';
import { approveAuthorSchema, banEditSchema, banIdParamSchema, banListQuerySchema, banSiteQuerySchema, newBanSchema } from '../../moderation/bans-input.js';
import { approveAuthorResultSchema, banSchema } from '../components-bans.js';
import { exampleTime } from '../examples.js';
import type { Operation } from '../operation.js';

const tag = 'Bans';
const exampleBan = {
  id: 4,
  site: 'demo',
  kind: 'email',
  value: 'spam@example.org',
  until: null,
  expired: false,
  note: 'Casino links',
  commentId: 12,
  createdBy: 'Mo Derator',
  createdAt: exampleTime,
};
const one = z.object({ ban: banSchema });
const untilNote = 'a date or date-time in the future; null: for good';

export const adminBanOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/admin/bans',
    tag,
    auth: 'moderator',
    summary: "A site's bans, newest first (expired ones too)",
    query: banListQuerySchema,
    errors: ['not_found'],
    responses: { 200: { description: 'The bans', schema: z.object({ bans: z.array(banSchema) }), example: { bans: [exampleBan] } } },
  },
  {
    method: 'post',
    path: '/api/admin/bans',
    tag,
    auth: 'moderator',
    summary: "Ban an email, an email domain or an IP on a site, typed or taken from a comment (audited)",
    description: "The site's `bannedAction` says what a banned author's new comment gets: refused (403 `banned`) or taken silently as spam.",
    body: {
      schema: newBanSchema,
      example: { site: 'demo', kind: 'email', commentId: 12, note: 'Casino links' },
      fields: {
        commentId: "a comment of the site: the ban takes its email, its email's domain or its stored IP (give this or value)",
        value: 'an email, a domain, or an IPv4/IPv6 address (stored anonymised); give this or commentId',
        until: untilNote,
      },
    },
    errors: ['not_found', 'duplicate'],
    responses: { 201: { description: 'The ban', schema: one, example: { ban: exampleBan } } },
  },
  {
    method: 'patch',
    path: '/api/admin/bans/:id',
    tag,
    auth: 'moderator',
    summary: "Change a ban's end or note (audited)",
    params: banIdParamSchema,
    query: banSiteQuerySchema,
    body: { schema: banEditSchema, example: { until: '2027-01-31' }, fields: { until: `${untilNote}; give until, note or both` } },
    responses: { 200: { description: 'The ban as changed', schema: one } },
  },
  {
    method: 'delete',
    path: '/api/admin/bans/:id',
    tag,
    auth: 'moderator',
    summary: 'Lift a ban (audited)',
    params: banIdParamSchema,
    query: banSiteQuerySchema,
    responses: { 204: { description: 'Lifted' } },
  },
  {
    method: 'post',
    path: '/api/admin/authors/approve',
    tag,
    auth: 'moderator',
    summary: "Approve an author's pending comments on a site, each as Approve does (at most 500 a request)",
    body: { schema: approveAuthorSchema, example: { site: 'demo', author: '06daab012e47c7492424b6d74470b759' }, fields: { author: "the `key` of a queue comment's authorHistory" } },
    errors: ['not_found'],
    responses: {
      200: {
        description: 'A result per approved comment, and whether more are left',
        schema: approveAuthorResultSchema,
        example: { results: [{ id: 12, ok: true, status: 'approved' }], more: false },
      },
    },
  },
];

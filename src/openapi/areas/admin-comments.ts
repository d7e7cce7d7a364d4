// The moderation queue and actions on comments (src/routes/admin/comments.ts, src/routes/admin/readers.ts).
import { z } from 'zod';
import { commentIdSchema } from '../../comments/input.js';
import { actionParamSchema, adminEditSchema, bulkSchema, queueQuerySchema, replySchema } from '../../moderation/input.js';
import { adminCommentSchema, bulkResultSchema } from '../components.js';
import { queueCommentSchema } from '../components-bans.js';
import { exampleAdminComment } from '../examples.js';
import type { Operation } from '../operation.js';

const tag = 'Moderation';
const one = z.object({ comment: adminCommentSchema });
const oneExample = { comment: exampleAdminComment };

export const adminCommentOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/admin/comments',
    tag,
    auth: 'moderator',
    summary: 'The queue: comments newest first, with what the public does not see',
    query: queueQuerySchema,
    errors: ['not_found'],
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ comments: z.array(queueCommentSchema), nextCursor: z.string().nullable() }),
        example: { comments: [{ ...exampleAdminComment, authorHistory: { pending: 1, approved: 4, spam: 0, trash: 0, key: '06daab012e47c7492424b6d74470b759' } }], nextCursor: null },
      },
    },
  },
  {
    method: 'post',
    path: '/api/admin/comments/bulk',
    tag,
    auth: 'moderator',
    summary: 'One action on many comments, with a result per id',
    body: { schema: bulkSchema, example: { ids: [1, 2], action: 'approve' } },
    responses: {
      200: {
        description: 'A result per id (an id that failed says why)',
        schema: z.object({ results: z.array(bulkResultSchema) }),
        example: { results: [{ id: 1, ok: true, status: 'approved' }, { id: 2, ok: false, error: { code: 'not_found', message: 'There is no such comment.' } }] },
      },
    },
  },
  {
    method: 'get',
    path: '/api/admin/comments/:id',
    tag,
    auth: 'moderator',
    summary: 'One comment as moderators see it',
    params: commentIdSchema,
    responses: { 200: { description: 'The comment', schema: one, example: oneExample } },
  },
  {
    method: 'patch',
    path: '/api/admin/comments/:id',
    tag,
    auth: 'moderator',
    summary: "Change a comment's body, name or url",
    params: commentIdSchema,
    body: { schema: adminEditSchema, example: { body: 'Edited by a moderator.' } },
    responses: { 200: { description: 'The comment as changed', schema: one } },
  },
  {
    method: 'delete',
    path: '/api/admin/comments/:id',
    tag,
    auth: 'moderator',
    summary: 'Delete a comment for good (only from spam or trash)',
    params: commentIdSchema,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    method: 'post',
    path: '/api/admin/comments/:id/reply',
    tag,
    auth: 'moderator',
    summary: "A moderator's reply: approved, shown with author.moderator = true",
    params: commentIdSchema,
    body: { schema: replySchema, example: { body: 'Thanks, fixed.' } },
    responses: { 201: { description: 'The reply', schema: one } },
    errors: ['duplicate'],
  },
  {
    method: 'post',
    path: '/api/admin/comments/:id/:action',
    tag,
    auth: 'moderator',
    summary: 'approve, unapprove (back to pending), spam, trash, or restore (back to pending)',
    params: actionParamSchema,
    responses: { 200: { description: 'The comment in its new status', schema: one, example: { comment: { ...exampleAdminComment, status: 'approved' } } } },
  },
  {
    method: 'post',
    path: '/api/admin/comments/:id/reports/dismiss',
    tag,
    auth: 'moderator',
    summary: "Dismiss a comment's open reports",
    params: commentIdSchema,
    responses: { 200: { description: 'The comment', schema: one } },
  },
  {
    method: 'post',
    path: '/api/admin/comments/:id/feature',
    tag,
    auth: 'moderator',
    summary: 'Feature an approved comment',
    params: commentIdSchema,
    responses: { 200: { description: 'The comment', schema: one } },
  },
  {
    method: 'post',
    path: '/api/admin/comments/:id/unfeature',
    tag,
    auth: 'moderator',
    summary: 'Stop featuring a comment',
    params: commentIdSchema,
    responses: { 200: { description: 'The comment', schema: one } },
  },
];

// What readers do besides posting (src/routes/readers.tsx, src/routes/privacy.tsx), and the no-JavaScript forms' POSTs.
import { z } from 'zod';
import { commentIdSchema } from '../../comments/input.js';
import { privacyRequestSchema } from '../../privacy/input.js';
import { reportSchema } from '../../readers/input.js';
import { acceptedSchema } from '../components.js';
import type { Operation } from '../operation.js';

const tag = 'Readers';
const readerId = { 'X-Parley-Reader': { description: "The widget's random reader id (16–64 of A–Z a–z 0–9 _ -); without it the reader is known by the anonymised IP." } };
const reaction = z.object({ reactions: z.number().int().nonnegative(), reacted: z.boolean() });

/**
 * The no-JavaScript form's fields: WordPress's names, mapped onto newCommentSchema by src/routes/form.ts
 * (which then validates with that schema). Described here because the form has no zod schema of its own.
 */
const commentFormSchema = z.object({
  site: z.string().describe('the site slug (a hidden field)'),
  article: z.string().optional().describe('the article key; falls back to comment_post_ID'),
  comment_post_ID: z.string().optional(),
  articleUrl: z.string().optional().describe('falls back to the Referer'),
  articleTitle: z.string().optional(),
  comment_parent: z.string().optional().describe('the parent comment id; 0 = none'),
  author: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
  comment: z.string(),
  homepage: z.string().optional().describe('honeypot: leave empty'),
  subscribe: z.array(z.enum(['replies', 'article'])).optional().describe('repeated checkbox'),
});

export const readerOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/comments/form',
    tag: 'Forms',
    summary: 'Post a comment from a plain HTML form (WordPress field names)',
    description: 'On success, `303 See Other` to the article with `#comment-{id}` or `#comment-pending`. On error, an HTML page that says what was wrong and links back.',
    body: { schema: commentFormSchema, type: 'form', example: { site: 'demo', article: '/2024/05/talks', author: 'Amal', email: 'amal@example.org', comment: 'I agree.' } },
    responses: { 303: { description: 'Stored; back to the article', headers: { Location: 'the article URL with #comment-{id} or #comment-pending' } } },
    errors: ['forbidden', 'thread_closed', 'banned', 'not_found', 'duplicate', 'rate_limited'],
    htmlErrors: true,
  },
  {
    method: 'post',
    path: '/api/comments/:id/reports',
    tag,
    summary: 'Report an approved comment to the moderators',
    params: commentIdSchema,
    headers: readerId,
    body: { schema: reportSchema, example: { reason: 'abuse', text: 'Insults another reader.' } },
    responses: { 202: { description: 'Taken', schema: acceptedSchema, example: { accepted: true } } },
    errors: ['forbidden', 'rate_limited'],
  },
  {
    method: 'post',
    path: '/api/comments/:id/reports/form',
    tag: 'Forms',
    summary: 'Report a comment from the no-JavaScript report page',
    params: commentIdSchema,
    body: { schema: reportSchema, type: 'form', example: { reason: 'spam' } },
    responses: { 200: { description: 'A page that thanks the reader', type: 'text/html' } },
    errors: ['forbidden', 'rate_limited'],
    htmlErrors: true,
  },
  {
    method: 'put',
    path: '/api/comments/:id/reaction',
    tag,
    summary: 'Like a comment',
    params: commentIdSchema,
    headers: readerId,
    responses: { 200: { description: 'The count, and whether the like stands', schema: reaction, example: { reactions: 3, reacted: true } } },
    errors: ['forbidden'],
  },
  {
    method: 'delete',
    path: '/api/comments/:id/reaction',
    tag,
    summary: 'Take a like back',
    params: commentIdSchema,
    headers: readerId,
    responses: { 200: { description: 'The count, and whether a like stands', schema: reaction, example: { reactions: 2, reacted: false } } },
    errors: ['forbidden'],
  },
  {
    method: 'post',
    path: '/api/privacy/requests',
    tag,
    summary: "Ask for a copy or the erasure of one's comments",
    description: 'Always 202, whether the address has comments or not; a mailed link confirms the request.',
    body: { schema: privacyRequestSchema, example: { site: 'demo', email: 'amal@example.org', kind: 'export' } },
    responses: { 202: { description: 'Taken', schema: acceptedSchema } },
    errors: ['forbidden', 'not_found', 'rate_limited'],
  },
];

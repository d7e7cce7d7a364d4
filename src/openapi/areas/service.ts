// Files and pages that integrators load by URL: the browser scripts, the widget's strings, the
// no-JavaScript thread, avatars, stylesheets, health, and this description itself.
import { z } from 'zod';
import { assetNames } from '../../assets.js';
import { embedQuery } from '../../routes/embed.js';
import type { Operation } from '../operation.js';

const tag = 'Files and health';
const cached = { ETag: 'changes with the build', 'Cache-Control': 'public, max-age=86400, stale-while-revalidate=604800' };

const scripts: Operation[] = assetNames.map((name) => ({
  method: 'get',
  path: `/${name}`,
  tag,
  summary: `${name}: a browser script`,
  description: 'widget.js embeds the thread; count.js fills comment counts; the others are loaded by them or by the moderator UI.',
  responses: { 200: { description: 'The script', type: 'text/javascript', headers: cached }, 304: { description: 'Not modified' } },
  errors: ['not_found'],
}));

export const serviceOperations: Operation[] = [
  ...scripts,
  {
    method: 'get',
    path: '/widget/strings/:file',
    tag,
    summary: "The widget's strings in one language (`{lang}.json`; English is built in)",
    params: z.object({ file: z.string().regex(/^[a-z]{2}(-[A-Za-z]+)?\.json$/) }),
    responses: { 200: { description: 'The string table', schema: z.record(z.string(), z.unknown()).describe('strings by key; plural forms and groups are objects'), headers: cached }, 304: { description: 'Not modified' } },
  },
  {
    method: 'get',
    path: '/embed',
    tag,
    summary: 'The thread and the form as plain HTML, for pages without JavaScript',
    query: embedQuery,
    responses: { 200: { description: 'The page', type: 'text/html' } },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/avatars/:file',
    tag,
    summary: 'A generated avatar (`{hash}.svg`, the `avatar` of a comment)',
    params: z.object({ file: z.string().regex(/^[0-9a-f]{32}\.svg$/) }),
    responses: { 200: { description: 'The avatar', type: 'image/svg+xml' } },
  },
  { method: 'get', path: '/assets/parley.css', tag, summary: "The pages' stylesheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
  { method: 'get', path: '/assets/admin.css', tag, summary: "The moderator UI's stylesheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
  {
    method: 'get',
    path: '/healthz',
    tag,
    summary: 'Liveness: the process runs and the database answers',
    responses: {
      200: { description: 'Alive', schema: z.object({ ok: z.literal(true) }) },
      503: { description: 'The database does not answer', schema: z.object({ ok: z.literal(false) }) },
    },
  },
  {
    method: 'get',
    path: '/readyz',
    tag,
    summary: 'Readiness: the database answers and has every migration this build expects',
    responses: {
      200: { description: 'Ready', schema: z.object({ ready: z.literal(true), migrations: z.number().int().nullable() }) },
      503: { description: 'Not ready, and why', schema: z.object({ ready: z.literal(false), problems: z.array(z.string()) }) },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag,
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'The document', schema: z.looseObject({ openapi: z.literal('3.1.0') }) }, 304: { description: 'Not modified' } },
  },
  {
    method: 'get',
    path: '/metrics',
    tag,
    summary: "Prometheus metrics (Node only, and only when PARLEY_METRICS_TOKEN is set)",
    description:
      'The Prometheus text exposition: request durations by method, route pattern and status, queue and outbox sizes, cache counters, database size. Served by the Node server only when PARLEY_METRICS_TOKEN is set, to `Authorization: Bearer {PARLEY_METRICS_TOKEN}` (not a moderator token); otherwise, and always on the Worker, it is a 404.',
    headers: { Authorization: { description: 'Bearer {PARLEY_METRICS_TOKEN}', required: true } },
    responses: { 200: { description: 'The metrics', type: 'text/plain', headers: { 'Cache-Control': 'no-store' } } },
    errors: ['unauthorized', 'not_found'],
  },
  { method: 'get', path: '/api/docs', tag, summary: 'This document as a page', responses: { 200: { description: 'The reference page', type: 'text/html' } } },
  { method: 'get', path: '/api/docs.css', tag, summary: "The reference page's stylesheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
];


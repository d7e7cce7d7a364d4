// The OpenAPI 3.1 document, built from the operations of src/openapi/areas/ with zod 4's own
// z.toJSONSchema (JSON Schema 2020-12, which is OpenAPI 3.1's dialect). Built once per process.
import { z } from 'zod';
import { errorStatus, type ErrorCode } from '../errors.js';
import { SESSION_COOKIE } from '../moderation/auth.js';
import { componentSchemas } from './components.js';
import type { Operation, ResponseSpec } from './operation.js';

type Json = Record<string, unknown>;
const COMPONENT = '#/components/schemas/';

/** The contract's errors by status, for the descriptions of the error answers. */
const errorHelp: Record<ErrorCode, string> = {
  bad_request: 'malformed JSON or query',
  unauthorized: 'no or wrong moderator credentials',
  forbidden: 'not allowed (origin, CSRF token, edit token, state of the comment)',
  thread_closed: 'the article no longer takes comments (or the site is in closed quiet hours; `until` says when they end)',
  banned: 'the author is banned on this site',
  not_found: 'unknown site, article or comment',
  duplicate: 'the same text was already posted',
  payload_too_large: 'body over the size limit',
  unsupported_media_type: 'a content type this route does not take',
  validation_failed: 'a field is missing, too long or malformed; `fields` says which',
  rate_limited: 'too many too fast; see Retry-After',
  internal_error: 'never expected: a bug',
};

/** `/api/comments/:id` → `/api/comments/{id}`. */
export const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** Moves zod's `$defs` into the document's components and points every `$ref` there. */
function relink(node: unknown, defs: Map<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => relink(n, defs));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === '$defs' && value && typeof value === 'object') {
      for (const [id, def] of Object.entries(value)) defs.set(id, relink(def, defs));
      continue;
    }
    out[key] = key === '$ref' && typeof value === 'string' ? value.replace(/^#\/\$defs\//, COMPONENT) : relink(value, defs);
  }
  return out;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output', defs: Map<string, unknown>): Json {
  const raw = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return relink(raw, defs) as Json;
}


/** The error codes a route answers: those it names and those its parts imply. */
export function errorCodesOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? []);
  if (op.params) codes.add('not_found');
  if (op.query) codes.add('bad_request');
  if (op.body) {
    for (const code of ['bad_request', 'payload_too_large', 'unsupported_media_type', 'validation_failed'] as const) codes.add(code);
  }
  if (op.auth === 'moderator') {
    codes.add('unauthorized');
    codes.add('forbidden');
  }
  return [...codes].sort((a, b) => errorStatus[a] - errorStatus[b]);
}

function errorResponses(op: Operation): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  const out: Record<string, Json> = {};
  for (const [status, codes] of byStatus) {
    const description = codes.map((code) => `\`${code}\`: ${errorHelp[code]}`).join('; ');
    const headers = codes.includes('rate_limited') ? { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } : undefined;
    const content = op.htmlErrors
      ? { 'text/html': { schema: { type: 'string' } } }
      : {
          'application/json': {
            schema: { allOf: [{ $ref: `${COMPONENT}Error` }], properties: { error: { properties: { code: { enum: codes } } } } },
            example: { error: { code: codes[0], message: errorHelp[codes[0] ?? 'bad_request'] } },
          },
        };
    out[String(status)] = { description, content, ...(headers ? { headers } : {}) };
  }
  return out;
}

function successResponse(spec: ResponseSpec, defs: Map<string, unknown>): Json {
  const headers = spec.headers
    ? Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
    : undefined;
  let content: Json | undefined;
  if (spec.schema) content = { 'application/json': { schema: jsonSchema(spec.schema, 'output', defs), ...(spec.example === undefined ? {} : { example: spec.example }) } };
  else if (spec.type) content = Object.fromEntries([spec.type].flat().map((type) => [type, { schema: { type: 'string' } }]));
  return { description: spec.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

function parameters(op: Operation, defs: Map<string, unknown>): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', op.params], ['query', op.query]] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, 'input', defs);
    const required = new Set(Array.isArray(json.required) ? json.required : []);
    for (const [name, property] of Object.entries((json.properties ?? {}) as Json)) {
      const { description, ...schema } = property as Json;
      out.push({ name, in: where, required: where === 'path' || required.has(name), ...(typeof description === 'string' ? { description } : {}), schema });
    }
  }
  for (const [name, header] of Object.entries(op.headers ?? {})) {
    out.push({ name, in: 'header', required: header.required ?? false, description: header.description, schema: { type: 'string' } });
  }
  return out;
}

/** Adds the area file's notes to the properties they name (a note for a missing field is a mistake). */
function withFieldNotes(schema: Json, notes: Record<string, string> = {}): Json {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, note] of Object.entries(notes)) {
    const property = properties[name];
    if (!property) throw new Error(`a note for ${name}, which the body does not have`);
    property.description = typeof property.description === 'string' ? `${property.description}; ${note}` : note;
  }
  return schema;
}

const READS = new Set(['get']);

function operationObject(op: Operation, defs: Map<string, unknown>): Json {
  const responses: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = successResponse(spec, defs);
  Object.assign(responses, errorResponses(op));
  const moderator = op.auth === 'moderator';
  const body = op.body
    ? {
        required: op.body.required ?? true,
        ...(op.body.description ? { description: op.body.description } : {}),
        content: {
          [op.body.type === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: {
            schema: withFieldNotes(jsonSchema(op.body.schema, 'input', defs), op.body.fields),
            ...(op.body.example === undefined ? {} : { example: op.body.example }),
          },
        },
      }
    : undefined;
  const params = parameters(op, defs);
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: `${op.method}${openApiPath(op.path).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    // Reads take the token or the cookie; writes with the cookie also need the CSRF header.
    security: moderator ? (READS.has(op.method) ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [{ bearerAuth: [] }, { sessionCookie: [], csrfToken: [] }]) : [],
  };
}

export function buildDocument(operations: readonly Operation[], info: { version: string }): Json {
  const defs = new Map<string, unknown>();
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    const item = (paths[path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = operationObject(op, defs);
  }
  // Every named schema is a component, even one no operation refers to yet.
  for (const [id, schema] of componentSchemas) {
    if (!defs.has(id)) jsonSchema(schema, 'output', defs);
  }
  const schemas = Object.fromEntries([...defs].sort(([a], [b]) => a.localeCompare(b)));
  const tags = [...new Set(operations.map((op) => op.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Parley',
      version: info.version,
      description:
        'A moderated comments service. Every error answers the `Error` body with a stable `code`. Moderator routes take `Authorization: Bearer {api token}`, or the session cookie from `POST /api/admin/session` plus `X-CSRF-Token` on writes.',
    },
    tags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (`npx parley token create --name NAME`).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/admin/session.' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The csrfToken of the session; needed with the cookie on every write.' },
      },
    },
  };
}

// Holds real responses against the OpenAPI document: the operation a request reached, whether the
// status is documented, and whether a JSON body validates against the documented schema (ajv, JSON
// Schema 2020-12, the dialect of OpenAPI 3.1). Used by test/openapi-responses.test.ts, and by every
// suite that runs with PARLEY_CHECK_OPENAPI=1 (test/helpers.ts then checks each response it returns).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiPath } from '../src/openapi/document.js';
import { openApiDocument } from '../src/openapi/index.js';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

const DOC_ID = 'https://parley.invalid/openapi.json';
export const document = openApiDocument();
export const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...document, $id: DOC_ID });

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** A validator for the schema at this place of the document (its `$ref`s resolve in the document); compiled once. */
export function validatorAt(...parts: string[]) {
  const ref = `${DOC_ID}#/${pointer(...parts)}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

interface Route {
  template: string;
  regex: RegExp;
  literal: number;
}

const routes: Route[] = Object.keys(obj(document.paths)).map((template) => ({
  template,
  regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literal: template.split('/').filter((s) => !s.startsWith('{')).length,
}));

/** The documented path a concrete path reaches (a literal segment wins over a parameter, as in Hono). */
export function templateOf(method: string, path: string): string | null {
  const m = method.toLowerCase();
  const candidates = routes.filter((r) => r.regex.test(path) && obj(obj(document.paths)[r.template])[m]);
  candidates.sort((a, b) => b.literal - a.literal);
  return candidates[0]?.template ?? null;
}

/** Every (operation, status) a check saw, for the coverage report of openapi-responses.test.ts. */
export const seen = new Set<string>();

/** What is wrong with this response by the document; [] when it is as described (or not described at all). */
export async function problemsOf(method: string, url: string, res: Response): Promise<string[]> {
  const path = new URL(url, 'http://localhost').pathname;
  const template = templateOf(method, path);
  // Undescribed routes (the HTML pages, unknown paths) are test/openapi-routes.test.ts's business.
  if (!template || method.toUpperCase() === 'OPTIONS') return [];
  const m = method.toLowerCase();
  const where = `${method.toUpperCase()} ${template} → ${res.status}`;
  const responses = obj(obj(obj(obj(document.paths)[template])[m]).responses);
  const response = responses[String(res.status)];
  if (!response) return [`${where}: status not in the document (documented: ${Object.keys(responses).join(', ')})`];
  seen.add(`${m} ${template} ${res.status}`);
  const content = obj(obj(response).content);
  const types = Object.keys(content);
  const body = await res.text();
  if (types.length === 0) return body.length === 0 ? [] : [`${where}: a body where the document says none`];
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!types.includes(type)) return [`${where}: content type ${type || '(none)'}, documented ${types.join(', ')}`];
  if (type !== 'application/json') return [];
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [`${where}: not JSON`];
  }
  const validate = validatorAt('paths', template, m, 'responses', String(res.status), 'content', type, 'schema');
  if (validate(json)) return [];
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return [`${where}: body does not match the schema: ${errors.slice(0, 5).join('; ')}\n  body: ${body.slice(0, 400)}`];
}

/** The document's path for a Hono route path. */
export const documentedPath = openApiPath;

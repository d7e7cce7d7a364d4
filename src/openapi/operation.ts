// How one route is described: a plain object per route, in an area file under src/openapi/areas/.
// The schemas are the route's own zod schemas (request) and those of components.ts (responses).
import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** A JSON body (the default media type), or `type` for anything else. */
  schema?: z.ZodType;
  /** Media type of the body when it is not JSON (`text/html`, `text/javascript`, …); no schema then. */
  type?: string | string[];
  example?: unknown;
  headers?: Record<string, string>;
}

export interface Operation {
  method: Method;
  /** The path exactly as the route registers it in Hono (`/api/comments/:id`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /**
   * `moderator`: needs the bearer token or the session cookie (plus X-CSRF-Token on writes);
   * `public` (the default): anyone.
   */
  auth?: 'moderator' | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads, by name. */
  headers?: Record<string, { description: string; required?: boolean }>;
  body?: {
    schema: z.ZodType;
    example?: unknown;
    type?: 'json' | 'form';
    description?: string;
    /** false: the body may be left out (the route then uses what is stored). */
    required?: boolean;
    /** Rules JSON Schema cannot say (refinements, transforms), shown as each field's description. */
    fields?: Record<string, string>;
  };
  /** Answers that are not errors, by status. */
  responses: Record<number, ResponseSpec>;
  /**
   * Error codes the route can answer besides those implied by its parts (added by document.ts:
   * params → not_found; query → bad_request; a body → bad_request, payload_too_large,
   * unsupported_media_type, validation_failed; moderator → unauthorized, forbidden).
   */
  errors?: ErrorCode[];
  /** HTML error pages instead of the JSON error body (the no-JavaScript forms). */
  htmlErrors?: boolean;
}

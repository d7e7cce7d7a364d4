// Request validation with @hono/zod-validator, every failure mapped to the contract's errors.
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError, fieldsFromIssues, validationError } from '../errors.js';

/** zValidator with the one hook: bodies → 422 validation_failed, query → 400 bad_request, path → 404. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    if (target === 'param') throw new AppError('not_found', 'There is nothing at this address.');
    const fields = fieldsFromIssues(result.error.issues);
    throw validationError(fields, target === 'query' || target === 'header' ? 'bad_request' : 'validation_failed');
  });
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** 415 unless the request body is of the given kind. */
export function requireBody(kind: 'json' | 'form'): MiddlewareHandler {
  return async (c, next) => {
    const type = mediaType(c.req.header('Content-Type'));
    const ok = kind === 'json' ? JSON_TYPE.test(type) : FORM_TYPES.has(type);
    if (!ok) {
      throw new AppError(
        'unsupported_media_type',
        kind === 'json' ? 'Send the comment as application/json.' : 'Send the form as application/x-www-form-urlencoded.',
      );
    }
    await next();
  };
}

// The one error type of the service, and its mapping to the contract's error codes and statuses.

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  thread_closed: 403,
  /** The site banned the author's email, email domain or IP. */
  banned: 403,
  not_found: 404,
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  /** Seconds, for rate_limited. */
  readonly retryAfter: number | undefined;
  /** For thread_closed by quiet hours: when comments open again (ISO; null: no end in sight). */
  readonly until: string | null | undefined;

  constructor(code: ErrorCode, message: string, extra: { fields?: FieldErrors; retryAfter?: number; until?: string | null } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
    this.until = extra.until;
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; fields?: FieldErrors; until?: string | null } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.until === undefined ? {} : { until: this.until }),
      },
    };
  }
}

/**
 * A field's name from its path: the object keys down to it, joined by dots (`notify.webhook`), up to
 * the first list index (an error in `origins[2]` is the `origins` field's).
 */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  const keys: string[] = [];
  for (const part of path) {
    if (typeof part !== 'string') break;
    keys.push(part);
  }
  return keys.length > 0 ? keys.join('.') : String(path[0]);
}

/** Turns a list of zod-style issues into the contract's `fields` map (first message per field wins). */
export function fieldsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; keys?: readonly string[] }>,
): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    // An unknown key (strict objects) is reported under its own name.
    const key = issue.path.length > 0 ? fieldName(issue.path) : (issue.keys?.[0] ?? '_');
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}

export function validationError(fields: FieldErrors, code: 'validation_failed' | 'bad_request' = 'validation_failed'): AppError {
  const first = Object.values(fields)[0] ?? 'The request is not valid.';
  return new AppError(code, first, { fields });
}

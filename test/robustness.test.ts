// Robustness: naughty strings on every field, property-based fuzzing, malformed requests and
// pathological Markdown, through the real app and a real SQLite file. The contract says no input
// may produce a 5xx and nothing is stored when a request fails; these tests hold it to that.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import blnsJson from 'big-list-of-naughty-strings/blns.json' with { type: 'json' };
import { ARTICLE_URL, startService, type Json, type Service } from './helpers.js';
import { onWorker } from './worker-target.js';

const BLNS: readonly string[] = blnsJson;

/**
 * On the Worker this file runs in parts, one per worker-robustness-*.test.ts file, so that the parts
 * run in parallel (whole, it was by far the slowest file of the suite). Each block or test belongs to
 * one part and the parts together are the whole file; on Node (no part set) everything runs here.
 */
type Part = 'json' | 'form-1' | 'form-2' | 'rest';
const PART = process.env.PARLEY_ROBUSTNESS_PART as Part | undefined;
const inPart = (...parts: Part[]) => PART === undefined || parts.includes(PART);
const describeIn = (parts: Part[], name: string, fn: () => void) => {
  if (inPart(...parts)) describe(name, fn);
};
const testIn = (part: Part, name: string, fn: () => Promise<void>) => {
  if (inPart(part)) test(name, fn);
};

// ---------------------------------------------------------------------------------------------
// What the contract allows.

const CODE_STATUS: Readonly<Record<string, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  thread_closed: 403,
  not_found: 404,
  duplicate: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
};

const STATUSES = {
  post: [201, 400, 403, 404, 409, 413, 415, 422, 429],
  form: [303, 400, 403, 404, 409, 413, 415, 422, 429],
  patch: [200, 400, 403, 404, 413, 415, 422],
  delete: [204, 403, 404],
  thread: [200, 304, 400, 404],
  counts: [200, 400, 404],
} as const;

type Kind = keyof typeof STATUSES;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tags a comment's html may contain (the contract's Markdown-lite). */
const COMMENT_TAGS = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);

/** What is wrong with a comment's stored html, if anything (a light check; xss.test.ts has the full one). */
function htmlProblem(html: string): string | null {
  if (/<script/i.test(html)) return `html contains <script: ${html.slice(0, 200)}`;
  for (const m of html.matchAll(/<\/?([A-Za-z][^\t\n\f\r />]*)/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!COMMENT_TAGS.has(name)) return `html contains a <${name}> tag: ${html.slice(0, 200)}`;
  }
  if (/<[^>]*[\s/"']on[a-z]+\s*=/i.test(html)) return `html has an event handler attribute: ${html.slice(0, 200)}`;
  return null;
}

interface Outcome {
  status: number;
  text: string;
  /** Set when the response breaks the contract. */
  problem: string | null;
}

/**
 * Sends one request and checks it against the contract: never a 5xx, a status the endpoint may
 * answer, a well-formed error body (JSON, or an HTML page for the form), and the comments table
 * grows by one on a successful post and not at all otherwise.
 */
async function exchange(svc: Service, kind: Kind, path: string, init: RequestInit = {}): Promise<Outcome> {
  const rowsBefore = svc.count();
  const logsBefore = svc.logs.length;
  const res = await svc.request(path, init);
  const text = await res.text();
  const rowsAfter = svc.count();
  const status = res.status;
  const type = res.headers.get('content-type') ?? '';
  const fail = (why: string): Outcome => ({ status, text, problem: `${why} [${status}] ${text.slice(0, 160)}` });

  if (status >= 500) {
    const errors = svc.logs.slice(logsBefore).filter((l) => l.startsWith('error'));
    return fail(`server error ${errors.join(' | ')}`);
  }
  const allowed: readonly number[] = STATUSES[kind];
  if (!allowed.includes(status)) return fail(`status ${status} is not one ${kind} may answer`);

  const creates = (kind === 'post' && status === 201) || (kind === 'form' && status === 303);
  const expectedRows = rowsBefore + (creates ? 1 : 0);
  if (rowsAfter !== expectedRows) return fail(`comments went from ${rowsBefore} to ${rowsAfter} rows`);

  if (status >= 400) {
    if (kind === 'form') {
      if (!type.startsWith('text/html')) return fail(`form error answered ${type || 'no content type'}, not an HTML page`);
      if (!/<html[\s>]/i.test(text)) return fail('form error page is not an HTML document');
      return { status, text, problem: null };
    }
    if (!type.startsWith('application/json')) return fail(`error answered ${type || 'no content type'}, not JSON`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail('error body is not JSON');
    }
    const error = isRecord(body) ? body.error : undefined;
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
      return fail('error body is not {error:{code,message}}');
    }
    if (CODE_STATUS[error.code] !== status) return fail(`error code ${error.code} does not go with status ${status}`);
  }
  if (kind === 'form' && status === 303) {
    const location = res.headers.get('location') ?? '';
    if (!/^https:\/\/news\.example\.org\/[^#]*#comment-(pending|\d+)$/.test(location)) return fail(`303 to ${location}`);
  }
  return { status, text, problem: null };
}

/**
 * Whether a string can be an HTTP header value at all (fetch refuses non-Latin-1, NUL, CR and LF).
 * Requests to the Worker travel over a real HTTP connection, whose client also refuses bytes
 * outside printable ASCII, so those values cannot reach any server there.
 */
function headerSafe(value: string): boolean {
  if (onWorker && /[^\t\x20-\x7e]/.test(value)) return false;
  try {
    new Headers({ 'x-probe': value });
    return true;
  } catch {
    return false;
  }
}

const jsonInit = (method: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json', ...headers },
  body,
});

const formInit = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

let serial = 0;
/** A valid comment for POST /api/comments with a body no other test uses. */
function validComment(article = '/naughty'): Json {
  serial++;
  return {
    site: 'news',
    article,
    articleUrl: ARTICLE_URL,
    articleTitle: 'Bike lanes',
    name: 'Amal',
    email: 'amal@example.org',
    body: `Comment number ${serial}.`,
  };
}

/** A valid WordPress-style form for POST /api/comments/form. */
function validForm(): Record<string, string> {
  serial++;
  return {
    site: 'news',
    article: '/naughty-form',
    articleUrl: ARTICLE_URL,
    author: 'Amal',
    email: 'amal@example.org',
    url: '',
    comment: `Form comment number ${serial}.`,
    comment_parent: '0',
  };
}

const label = (value: unknown) => {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

const JSON_FIELDS = ['site', 'article', 'articleUrl', 'articleTitle', 'parentId', 'name', 'email', 'url', 'body', 'homepage'] as const;
const FORM_FIELDS = ['author', 'email', 'url', 'comment', 'comment_parent', 'article', 'articleUrl', 'site', 'articleTitle', 'homepage', 'comment_post_ID'] as const;

// ---------------------------------------------------------------------------------------------

describeIn(['json'], 'The Big List of Naughty Strings on POST /api/comments', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
  });
  after(() => svc.close());

  test('the list is loaded', () => {
    assert.ok(BLNS.length >= 461, `${BLNS.length} strings`);
  });

  for (const field of JSON_FIELDS) {
    test(`any naughty ${field} answers a contract status, and a rejected one stores nothing`, async () => {
      const problems: string[] = [];
      for (const value of BLNS) {
        const fields = { ...validComment(), [field]: value };
        const out = await exchange(svc, 'post', '/api/comments', jsonInit('POST', JSON.stringify(fields)));
        if (out.problem) {
          problems.push(`${field}=${label(value)}: ${out.problem}`);
          continue;
        }
        if (out.status !== 201) continue;
        const { comment } = JSON.parse(out.text) as { comment: { id: number; status: string } };
        const [row] = svc.rows<{ html: string; status: string; name: string; body_source: string }>(
          'select html, status, name, body_source from comments where id = ?',
          comment.id,
        );
        if (!row) {
          problems.push(`${field}=${label(value)}: 201 but no row ${comment.id}`);
          continue;
        }
        const bad = htmlProblem(row.html);
        if (bad) problems.push(`${field}=${label(value)}: ${bad}`);
        if (comment.status !== 'pending') problems.push(`${field}=${label(value)}: answered status ${comment.status}, expected pending`);
        if (field === 'homepage' && (row.status === 'spam') !== (value !== '')) {
          problems.push(`homepage=${label(value)}: stored as ${row.status}`);
        }
        if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(row.name + row.body_source)) {
          problems.push(`${field}=${label(value)}: a control character was stored`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  for (const header of ['User-Agent', 'Origin'] as const) {
    test(`any naughty ${header} header answers a contract status, and a rejected post stores nothing`, async () => {
      const problems: string[] = [];
      for (const value of BLNS.filter(headerSafe)) {
        const out = await exchange(svc, 'post', '/api/comments', jsonInit('POST', JSON.stringify(validComment()), { [header]: value }));
        if (out.problem) problems.push(`${header}: ${label(value)}: ${out.problem}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('a naughty origin is refused with 403 forbidden', async () => {
    const refused = BLNS.filter((v) => headerSafe(v) && v.trim() !== '' && v.trim() !== 'null');
    for (const value of refused.slice(0, 50)) {
      const out = await exchange(svc, 'post', '/api/comments', jsonInit('POST', JSON.stringify(validComment()), { Origin: value }));
      assert.equal(out.status, 403, `Origin ${label(value)}: ${out.text}`);
    }
  });
});

describeIn(['form-1', 'form-2'], 'The Big List of Naughty Strings on POST /api/comments/form', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
  });
  after(() => svc.close());

  testIn('form-1', 'the valid form this block varies is accepted with a 303 back to the article', async () => {
    const out = await exchange(svc, 'form', '/api/comments/form', formInit(validForm()));
    assert.equal(out.problem, null);
    assert.equal(out.status, 303);
  });

  for (const [at, field] of FORM_FIELDS.entries()) {
    testIn(at < 6 ? 'form-1' : 'form-2', `any naughty form field ${field} answers a redirect or an HTML error page, and a rejected one stores nothing`, async () => {
      const problems: string[] = [];
      for (const value of BLNS) {
        const out = await exchange(svc, 'form', '/api/comments/form', formInit({ ...validForm(), [field]: value }));
        if (out.problem) problems.push(`${field}=${label(value)}: ${out.problem}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  testIn('form-2', 'any naughty Referer (standing in for a missing articleUrl) answers a redirect or an HTML error page', async () => {
    const problems: string[] = [];
    for (const value of BLNS.filter(headerSafe)) {
      const { articleUrl: _omitted, ...fields } = validForm();
      const out = await exchange(svc, 'form', '/api/comments/form', formInit(fields, { Referer: value }));
      if (out.problem) problems.push(`Referer: ${label(value)}: ${out.problem}`);
    }
    assert.deepEqual(problems, []);
  });
});

describeIn(['rest'], 'The Big List of Naughty Strings on PATCH and DELETE /api/comments/:id', () => {
  let svc: Service;
  let id = 0;
  let token = '';
  const source = () => svc.rows<{ body_source: string; html: string }>('select body_source, html from comments where id = ?', id)[0];

  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    const res = await svc.post({ body: 'The comment that will be edited.' });
    assert.equal(res.status, 201);
    const json = (await res.json()) as { comment: { id: number }; editToken: string };
    id = json.comment.id;
    token = json.editToken;
  });
  after(() => svc.close());

  test('any naughty body with the right token is saved (200) or refused (422) with the stored text untouched', async () => {
    const problems: string[] = [];
    for (const value of BLNS) {
      const was = source();
      const out = await exchange(svc, 'patch', `/api/comments/${id}`, jsonInit('PATCH', JSON.stringify({ body: value }), { 'X-Edit-Token': token }));
      const now = source();
      if (out.problem) problems.push(`body=${label(value)}: ${out.problem}`);
      else if (out.status === 422) {
        if (now?.body_source !== was?.body_source) problems.push(`body=${label(value)}: refused but the stored body changed`);
      } else if (out.status === 200) {
        const bad = htmlProblem(now?.html ?? '');
        if (bad) problems.push(`body=${label(value)}: ${bad}`);
        const { comment } = JSON.parse(out.text) as { comment: { html: string } };
        if (comment.html !== now?.html) problems.push(`body=${label(value)}: answered html differs from stored html`);
      } else problems.push(`body=${label(value)}: answered ${out.status}`);
    }
    assert.deepEqual(problems, []);
  });

  test('any naughty X-Edit-Token is refused with 403 and changes nothing', async () => {
    const problems: string[] = [];
    const tokens = BLNS.flatMap((v) => (headerSafe(v) ? [v, encodeURIComponent(v)] : [encodeURIComponent(v)]));
    for (const value of tokens) {
      const was = source();
      const out = await exchange(svc, 'patch', `/api/comments/${id}`, jsonInit('PATCH', JSON.stringify({ body: 'Hijacked.' }), { 'X-Edit-Token': value }));
      if (out.problem) problems.push(`token=${label(value)}: ${out.problem}`);
      else if (out.status !== 403) problems.push(`token=${label(value)}: answered ${out.status}`);
      const del = await exchange(svc, 'delete', `/api/comments/${id}`, { method: 'DELETE', headers: { 'X-Edit-Token': value } });
      if (del.problem) problems.push(`DELETE token=${label(value)}: ${del.problem}`);
      else if (del.status !== 403) problems.push(`DELETE token=${label(value)}: answered ${del.status}`);
      if (source()?.body_source !== was?.body_source) problems.push(`token=${label(value)}: the comment changed`);
    }
    assert.deepEqual(problems, []);
  });

  test('any naughty path id answers 403 or 404 and changes nothing', async () => {
    const problems: string[] = [];
    for (const value of BLNS) {
      const path = `/api/comments/${encodeURIComponent(value)}`;
      const patch = await exchange(svc, 'patch', path, jsonInit('PATCH', JSON.stringify({ body: 'Hijacked.' }), { 'X-Edit-Token': 'wrong' }));
      if (patch.problem) problems.push(`PATCH ${label(path)}: ${patch.problem}`);
      const del = await exchange(svc, 'delete', path, { method: 'DELETE', headers: { 'X-Edit-Token': 'wrong' } });
      if (del.problem) problems.push(`DELETE ${label(path)}: ${del.problem}`);
      const get = await exchange(svc, 'thread', path);
      if (get.problem) problems.push(`GET ${label(path)}: ${get.problem}`);
    }
    assert.deepEqual(problems, []);
    assert.equal(svc.count(), 1);
  });

  test('malformed percent-encoding in the path id answers 404', async () => {
    for (const raw of ['%', '%zz', '%ED%A0%80', '%C0%AF', '1%00', '%FF%FE', '1%2F1', '%2e%2e']) {
      const out = await exchange(svc, 'patch', `/api/comments/${raw}`, jsonInit('PATCH', '{"body":"x"}', { 'X-Edit-Token': 'wrong' }));
      assert.equal(out.problem, null);
      assert.equal(out.status, 404, raw);
    }
  });
});

describeIn(['rest'], 'The Big List of Naughty Strings on GET /api/comments and /api/counts', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    await svc.postApproved({ article: '/naughty' });
  });
  after(() => svc.close());

  const threadBase = { site: 'news', article: '/naughty', sort: 'oldest', limit: '50' };

  for (const param of ['site', 'article', 'sort', 'limit', 'cursor'] as const) {
    test(`any naughty ${param} query parameter answers 200, 400 or 404 with a JSON body`, async () => {
      const problems: string[] = [];
      for (const value of BLNS) {
        const query = new URLSearchParams({ ...threadBase, [param]: value });
        const out = await exchange(svc, 'thread', `/api/comments?${query}`);
        if (out.problem) problems.push(`${param}=${label(value)}: ${out.problem}`);
        else if (out.status === 200) {
          const body = JSON.parse(out.text) as unknown;
          if (!isRecord(body) || !isRecord(body.article) || !Array.isArray(body.comments)) {
            problems.push(`${param}=${label(value)}: 200 without a thread`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  test('any naughty If-None-Match header answers 200 or 304', async () => {
    const problems: string[] = [];
    for (const value of BLNS.filter(headerSafe)) {
      const out = await exchange(svc, 'thread', `/api/comments?${new URLSearchParams(threadBase)}`, { headers: { 'If-None-Match': value } });
      if (out.problem) problems.push(`If-None-Match ${label(value)}: ${out.problem}`);
      else if (out.status !== 200 && out.status !== 304) problems.push(`If-None-Match ${label(value)}: ${out.status}`);
    }
    assert.deepEqual(problems, []);
  });

  test('any naughty site or article key on /api/counts answers 200, 400 or 404 with a JSON body', async () => {
    const problems: string[] = [];
    for (const value of BLNS) {
      const asSite = await exchange(svc, 'counts', `/api/counts?${new URLSearchParams({ site: value, article: '/naughty' })}`);
      if (asSite.problem) problems.push(`site=${label(value)}: ${asSite.problem}`);
      const query = new URLSearchParams([
        ['site', 'news'],
        ['article', '/naughty'],
        ['article', value],
      ]);
      const asKey = await exchange(svc, 'counts', `/api/counts?${query}`);
      if (asKey.problem) problems.push(`article=${label(value)}: ${asKey.problem}`);
      else if (asKey.status === 200) {
        const body = JSON.parse(asKey.text) as { counts?: Record<string, number> };
        if (body.counts?.['/naughty'] !== 1) problems.push(`article=${label(value)}: counts ${asKey.text.slice(0, 100)}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based fuzzing with a fixed seed, so a failure is reproducible.

/**
 * 200 runs of each property on Node. The Worker suite (worker-robustness) sends the same properties
 * through the same validation and rendering code, where only the D1 store and workerd differ, so
 * instead of the same 200 inputs again it tries 50 others (another seed): every property still runs
 * on both targets, and the two together see 250 different inputs.
 */
const FC_OPTIONS = onWorker ? { seed: 4242, numRuns: 50 } : { seed: 42, numRuns: 200 };

/** Characters that matter to Markdown, HTML, URLs and the text cleaner. */
const HOSTILE_UNITS = [
  '<', '>', '[', ']', '(', ')', '*', '_', '`', '&', '#', ';', ':', '"', "'", '=', '/', '\\', '!', ' ', '\n', '\t', '\r',
  '\u0000', '\u202E', '\u200B', '\uFEFF', '\uD800', 'x', 'script', 'javascript', 'on', 'img', 'src', 'https://', 'www.', '@', '> ', '- ',
];

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), maxLength: 80 }),
);

interface PostedComment {
  comment: { id: number; parentId: number | null; html: string };
}

interface ThreadResponse {
  comments: Array<{ id: number; html: string }>;
}

describeIn(['rest'], 'property: arbitrary input to POST /api/comments', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0, approval: 'none', maxLinks: 0 } });
  });
  after(() => svc.close());

  /**
   * Posts a raw body; asserts the contract; for a 201, checks the stored html and reads the thread
   * back with the article key exactly as it was sent (what the widget does).
   */
  const postRaw = async (body: string | Uint8Array<ArrayBuffer>, contentType = 'application/json') => {
    const out = await exchange(svc, 'post', '/api/comments', { method: 'POST', headers: { 'Content-Type': contentType }, body });
    assert.equal(out.problem, null, out.problem ?? '');
    if (out.status !== 201) return out;
    const { comment } = JSON.parse(out.text) as PostedComment;
    const [row] = svc.rows<{ html: string; status: string; site: string }>(
      'select c.html, c.status, s.slug as site from comments c join articles a on a.id = c.article_id join sites s on s.id = a.site_id where c.id = ?',
      comment.id,
    );
    assert.ok(row, 'the accepted comment is stored');
    assert.equal(htmlProblem(row.html), null);
    assert.equal(comment.html, row.html);
    const sent = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as { article: string };
    const query = new URLSearchParams({ site: row.site, article: sent.article, sort: 'newest', limit: '1' });
    const res = await svc.request(`/api/comments?${query}`);
    assert.equal(res.status, 200);
    // Spam (a filled-in honeypot) is never public; everything else is approved on this site.
    if (comment.parentId === null && row.status === 'approved') {
      const thread = (await res.json()) as ThreadResponse;
      assert.equal(thread.comments[0]?.id, comment.id, 'the newest comment of its thread');
      assert.equal(thread.comments[0]?.html, row.html);
    }
    return out;
  };

  test('any JSON value as the body never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await postRaw(JSON.stringify(value));
      }),
      FC_OPTIONS,
    );
  });

  test('any object as the body never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.object(), async (value) => {
        await postRaw(JSON.stringify(value));
      }),
      FC_OPTIONS,
    );
  });

  test('anything stringified as the body never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        await postRaw(JSON.stringify(value) ?? '');
      }),
      FC_OPTIONS,
    );
  });

  test('a valid comment with any field replaced by any JSON value never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...JSON_FIELDS), fc.jsonValue(), { maxKeys: 3 }), async (override) => {
        await postRaw(JSON.stringify({ ...validComment('/fuzz-json'), ...override }));
      }),
      FC_OPTIONS,
    );
  });

  test('a valid comment with any field replaced by any string (lone surrogates included) never breaks the contract', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_FIELDS), anyString, async (field, value) => {
        const out = await postRaw(JSON.stringify({ ...validComment('/fuzz-strings'), [field]: value }));
        if (out.status === 201) accepted++;
      }),
      FC_OPTIONS,
    );
    assert.ok(accepted > 0, 'some fuzzed comments were accepted, so the 201 path was exercised');
  });

  test('any hostile string as the body is stored as html with no script or off-list tag', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS), minLength: 1, maxLength: 200 }), async (body) => {
        const out = await postRaw(JSON.stringify({ ...validComment('/fuzz-bodies'), body }));
        if (out.status === 201) accepted++;
      }),
      FC_OPTIONS,
    );
    assert.ok(accepted > FC_OPTIONS.numRuns / 2, `${accepted} of ${FC_OPTIONS.numRuns} hostile bodies accepted`);
  });

  test('any bytes sent as application/json never break the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const out = await postRaw(new Uint8Array(bytes));
        assert.ok(out.status === 400 || out.status === 422 || out.status === 201, `status ${out.status}`);
      }),
      FC_OPTIONS,
    );
  });

  test('a valid JSON comment with any bytes spliced in never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), async (bytes, at) => {
        const json = new TextEncoder().encode(JSON.stringify(validComment('/fuzz-bytes')));
        const cut = at % (json.length + 1);
        const spliced = new Uint8Array(json.length + bytes.length);
        spliced.set(json.subarray(0, cut));
        spliced.set(bytes, cut);
        spliced.set(json.subarray(cut), cut + bytes.length);
        await postRaw(spliced);
      }),
      FC_OPTIONS,
    );
  });
});

describeIn(['rest'], 'property: arbitrary input to the form, the edit and the read endpoints', () => {
  let svc: Service;
  let id = 0;
  let token = '';
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
    const res = await svc.post({ body: 'Property edit target.' });
    const json = (await res.json()) as { comment: { id: number }; editToken: string };
    id = json.comment.id;
    token = json.editToken;
    await svc.postApproved({ article: '/fuzz-read', body: 'Something to read.' });
  });
  after(() => svc.close());

  test('a form with any WordPress fields replaced by any strings never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...FORM_FIELDS), anyString, { maxKeys: 4 }), async (override) => {
        const out = await exchange(svc, 'form', '/api/comments/form', formInit({ ...validForm(), ...override }));
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });

  test('any form body bytes never break the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('%', '&', '=', '+', 'site', 'news', 'comment', 'author', 'x', 'ü', '%ED%A0%80', '%00', '[]'), maxLength: 60 }), async (body) => {
        const out = await exchange(svc, 'form', '/api/comments/form', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });

  test('an edit with any body and a right or wrong token never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, fc.boolean(), async (body, rightToken) => {
        const was = svc.rows<{ body_source: string }>('select body_source from comments where id = ?', id)[0]?.body_source;
        const out = await exchange(
          svc,
          'patch',
          `/api/comments/${id}`,
          jsonInit('PATCH', JSON.stringify({ body }), { 'X-Edit-Token': rightToken ? token : `${token}x` }),
        );
        assert.equal(out.problem, null, out.problem ?? '');
        const now = svc.rows<{ body_source: string; html: string }>('select body_source, html from comments where id = ?', id)[0];
        if (out.status === 200) assert.equal(htmlProblem(now?.html ?? ''), null);
        else assert.equal(now?.body_source, was, 'a refused edit changes nothing');
        if (!rightToken) assert.ok(out.status === 403 || out.status === 422, `wrong token answered ${out.status}`);
      }),
      FC_OPTIONS,
    );
  });

  test('any path id never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (value) => {
        const path = `/api/comments/${encodeURIComponent(value.toWellFormed())}`;
        const out = await exchange(svc, 'patch', path, jsonInit('PATCH', '{"body":"x"}', { 'X-Edit-Token': 'wrong' }));
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });

  const queryPairs = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom('site', 'article', 'sort', 'limit', 'cursor'), fc.string({ maxLength: 10 })),
      fc.oneof(anyString, fc.constantFrom('news', '/fuzz-read', 'newest', 'oldest', '1', '200', '201', '-1', '1e2', 'MTIzLjQ')),
    ),
    { maxLength: 8 },
  );

  test('any query string on GET /api/comments never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(queryPairs, async (pairs) => {
        const out = await exchange(svc, 'thread', `/api/comments?${new URLSearchParams(pairs)}`);
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });

  test('any query string on GET /api/counts never breaks the contract', async () => {
    await fc.assert(
      fc.asyncProperty(queryPairs, async (pairs) => {
        const out = await exchange(svc, 'counts', `/api/counts?${new URLSearchParams(pairs)}`);
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });

  test('any raw, unencoded query text never breaks the contract', async () => {
    const raw = fc.string({ unit: fc.constantFrom('%', '&', '=', '+', '?', '#', ' ', 'site', 'article', 'news', '/', 'ü', '\u0000', '[', ']', 'x', '%2', '%ZZ'), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(raw, fc.constantFrom('thread', 'counts') as fc.Arbitrary<'thread' | 'counts'>, async (query, kind) => {
        const out = await exchange(svc, kind, `/api/${kind === 'thread' ? 'comments' : 'counts'}?site=news&${query}`);
        assert.equal(out.problem, null, out.problem ?? '');
      }),
      FC_OPTIONS,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describeIn(['rest'], 'malformed requests to POST /api/comments', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
  });
  after(() => svc.close());

  const send = (body: BodyInit | null, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    exchange(svc, 'post', '/api/comments', { method: 'POST', headers, body });

  const expectError = async (out: Outcome | Promise<Outcome>, status: number, code: string) => {
    const { problem, status: got, text } = await out;
    assert.equal(problem, null, problem ?? '');
    assert.equal(got, status, text);
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, code);
  };

  test('truncated JSON answers 400 bad_request and stores nothing', async () => {
    const json = JSON.stringify(validComment());
    for (const cut of [1, 10, json.length - 1]) await expectError(send(json.slice(0, cut)), 400, 'bad_request');
    await expectError(send(''), 400, 'bad_request');
    await expectError(send('{"site": "news",}'), 400, 'bad_request');
    await expectError(send("{'site': 'news'}"), 400, 'bad_request');
    assert.equal(svc.count(), 0);
  });

  test('JSON with a leading byte order mark is read as the JSON after it', async () => {
    const out = await send(`\uFEFF${JSON.stringify({ ...validComment(), body: 'After a BOM.' })}`);
    assert.equal(out.problem, null, out.problem ?? '');
    assert.equal(out.status, 201, out.text);
    const [row] = svc.rows<{ body_source: string }>('select body_source from comments order by id desc limit 1');
    assert.equal(row?.body_source, 'After a BOM.');
  });

  test('JSON that is not an object answers 400 or 422 and stores nothing', async () => {
    for (const body of ['null', '[]', '"str"', '42', '-0', '1e308', 'true', '{}', '[{"site":"news"}]']) {
      const out = await send(body);
      assert.equal(out.problem, null, out.problem ?? '');
      assert.ok(out.status === 400 || out.status === 422, `${body} → ${out.status}`);
    }
  });

  test('100,000 levels of nested arrays answer a 4xx and store nothing', async () => {
    await expectError(send('['.repeat(100_000)), 413, 'payload_too_large');
    await expectError(send('['.repeat(100_000) + ']'.repeat(100_000)), 413, 'payload_too_large');
    const deep = await startService({ settings: { floodSeconds: 0 }, env: { PARLEY_BODY_LIMIT: String(1024 * 1024) } });
    try {
      for (const body of [
        '['.repeat(100_000),
        '['.repeat(100_000) + ']'.repeat(100_000),
        JSON.stringify({ ...validComment(), body: 'x' }).replace('"x"', '['.repeat(100_000) + ']'.repeat(100_000)),
        '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
      ]) {
        const out = await exchange(deep, 'post', '/api/comments', jsonInit('POST', body));
        assert.equal(out.problem, null, out.problem ?? '');
        assert.ok(out.status === 400 || out.status === 422, `${body.slice(0, 20)}… → ${out.status}`);
      }
    } finally {
      deep.close();
    }
  });

  test('a 70 KB body answers 413 payload_too_large and stores nothing', async () => {
    const body = JSON.stringify({ ...validComment(), body: 'y'.repeat(70 * 1024) });
    await expectError(send(body), 413, 'payload_too_large');
    await expectError(send(body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }), 413, 'payload_too_large');
    const count = svc.count('select count(*) as n from comments where length(body_source) > 10000');
    assert.equal(count, 0);
  });

  test('a body under the size limit but over 10,000 characters answers 422 validation_failed', async () => {
    const out = await send(JSON.stringify({ ...validComment(), body: 'z'.repeat(10_001) }));
    await expectError(out, 422, 'validation_failed');
    assert.ok((JSON.parse(out.text) as { error: { fields: Record<string, string> } }).error.fields.body);
    const ok = await send(JSON.stringify({ ...validComment(), body: 'é'.repeat(10_000) }));
    assert.equal(ok.status, 201, '10,000 two-byte characters are allowed');
  });

  test('a body that is not JSON by its content type answers 415 and stores nothing', async () => {
    const json = JSON.stringify(validComment());
    const before = svc.count();
    await expectError(send(json, { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type');
    // Bytes, so that fetch adds no content type of its own.
    await expectError(send(new TextEncoder().encode(json), {}), 415, 'unsupported_media_type');
    await expectError(send(json, { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    await expectError(send(json, { 'Content-Type': 'application/jsonp' }), 415, 'unsupported_media_type');
    await expectError(send(json, { 'Content-Type': 'text/json-ish; x=application/json' }), 415, 'unsupported_media_type');
    const form = new FormData();
    for (const [k, v] of Object.entries(validComment())) form.set(k, String(v));
    await expectError(send(form, {}), 415, 'unsupported_media_type');
    await expectError(send(json, { 'Content-Type': 'multipart/form-data; boundary=x' }), 415, 'unsupported_media_type');
    assert.equal(svc.count(), before);
  });

  test('charset and case variants of application/json are accepted', async () => {
    for (const type of [
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'application/json; charset="utf-8"',
      'APPLICATION/JSON',
      'Application/Json; Charset=utf-8',
    ]) {
      const out = await send(JSON.stringify(validComment()), { 'Content-Type': type });
      assert.equal(out.problem, null, out.problem ?? '');
      assert.equal(out.status, 201, `${type}: ${out.text}`);
    }
  });

  test('a parentId that is not the id of a published comment answers 422 naming parentId', async () => {
    const before = svc.count();
    for (const parentId of [1e308, -1, 0, 1.5, '7', '', ' ', true, [], {}, [1], 2 ** 53, Number.MAX_SAFE_INTEGER, 999_999]) {
      const out = await send(JSON.stringify({ ...validComment(), parentId }));
      assert.equal(out.problem, null, out.problem ?? '');
      if (parentId === '') {
        assert.equal(out.status, 201, 'an empty parentId means no parent');
        continue;
      }
      assert.equal(out.status, 422, `parentId ${label(parentId)} → ${out.status} ${out.text}`);
      const { error } = JSON.parse(out.text) as { error: { code: string; fields?: Record<string, string> } };
      assert.equal(error.code, 'validation_failed');
      assert.ok(error.fields?.parentId, `fields name parentId for ${label(parentId)}`);
    }
    assert.equal(svc.count(), before + 1);
  });

  test('a numeric parentId that names a pending comment is refused and one naming a published comment is a reply', async () => {
    const pending = JSON.parse((await send(JSON.stringify(validComment('/parents')))).text) as PostedComment;
    const refused = await send(JSON.stringify({ ...validComment('/parents'), parentId: pending.comment.id }));
    assert.equal(refused.status, 422);
    svc.approve(pending.comment.id);
    const reply = await send(JSON.stringify({ ...validComment('/parents'), parentId: pending.comment.id }));
    assert.equal(reply.status, 201, reply.text);
    assert.equal((JSON.parse(reply.text) as PostedComment).comment.parentId, pending.comment.id);
  });

  test('duplicate keys are read as one value (the last), and stored consistently', async () => {
    const fields = validComment();
    const text = JSON.stringify(fields).replace('{', '{"body":"the first one","site":"nope",');
    const out = await send(text);
    assert.equal(out.status, 201, out.text);
    const { comment } = JSON.parse(out.text) as PostedComment;
    const [row] = svc.rows<{ body_source: string; html: string }>('select body_source, html from comments where id = ?', comment.id);
    assert.equal(row?.body_source, fields.body);
    assert.equal(comment.html, row?.html);
  });

  test('fields of the wrong type answer 422 naming each field, and store nothing', async () => {
    const before = svc.count();
    const out = await send(JSON.stringify({ ...validComment(), name: ['Amal'], email: { at: 'example.org' }, body: 42, url: 7 }));
    assert.equal(out.status, 422, out.text);
    const { error } = JSON.parse(out.text) as { error: { fields: Record<string, string> } };
    assert.deepEqual(Object.keys(error.fields).sort(), ['body', 'email', 'name', 'url']);
    assert.equal(svc.count(), before);
  });

  test('lone surrogates and invalid UTF-8 are stored as well-formed text', async () => {
    const escaped = JSON.stringify({ ...validComment(), name: 'A\uD800B', body: 'x\uDFFFy \uD83D' });
    assert.match(escaped, /\\ud800/i);
    const out = await send(escaped);
    assert.equal(out.status, 201, out.text);
    const [row] = svc.rows<{ name: string; body_source: string }>('select name, body_source from comments order by id desc limit 1');
    assert.ok(row?.name.isWellFormed() && row.body_source.isWellFormed());
    assert.equal(row?.name, 'A\uFFFDB');

    const bytes = new TextEncoder().encode(JSON.stringify({ ...validComment(), body: 'BAD' }));
    const at = new TextDecoder().decode(bytes).indexOf('BAD');
    bytes.set([0xff, 0xc0, 0x80], at);
    const raw = await send(bytes);
    assert.equal(raw.problem, null, raw.problem ?? '');
    assert.equal(raw.status, 201, raw.text);
    const [last] = svc.rows<{ body_source: string }>('select body_source from comments order by id desc limit 1');
    assert.equal(last?.body_source, '\uFFFD\uFFFD\uFFFD');
  });

  test('unknown fields, including __proto__ and constructor, are ignored', async () => {
    const text = JSON.stringify({ ...validComment(), email: 'first-timer@example.org' }).replace('{', '{"__proto__":{"site":"nope","status":"approved"},"constructor":{"prototype":{"x":1}},"status":"approved","id":1,');
    const out = await send(text);
    assert.equal(out.status, 201, out.text);
    const { comment } = JSON.parse(out.text) as PostedComment & { comment: { status: string } };
    assert.equal(comment.status, 'pending');
    const [row] = svc.rows<{ status: string }>('select status from comments where id = ?', comment.id);
    assert.equal(row?.status, 'pending');
  });
});

describeIn(['rest'], 'article keys with control characters and combining marks', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0, approval: 'none' } });
  });
  after(() => svc.close());

  interface ThreadArticle {
    article: { key: string; count: number };
  }
  const thread = async (article: string) => {
    const res = await svc.request(`/api/comments?${new URLSearchParams({ site: 'news', article })}`);
    assert.equal(res.status, 200);
    return ((await res.json()) as ThreadArticle).article;
  };

  test('the key a thread reports leads back to the same thread and count', async () => {
    const wrong: string[] = [];
    for (const raw of ['/plain', '  /padded  ', '/tab\there', 'cafe\u0000\u0301', '/e\u0007\u0301', '/a\u202E\u0308']) {
      const res = await svc.post({ article: raw, body: `On ${JSON.stringify(raw)}` });
      assert.equal(res.status, 201, JSON.stringify(raw));
      const first = await thread(raw);
      assert.equal(first.count, 1, `GET with the key as sent: ${JSON.stringify(raw)}`);
      const again = await thread(first.key);
      const countsRes = await svc.request(`/api/counts?${new URLSearchParams({ site: 'news', article: first.key })}`);
      const counts = ((await countsRes.json()) as { counts: Record<string, number> }).counts;
      if (again.count !== 1 || again.key !== first.key || counts[first.key] !== 1) {
        wrong.push(
          `posted ${JSON.stringify(raw)}, thread reports key ${JSON.stringify(first.key)}; ` +
            `GET with that key → key ${JSON.stringify(again.key)} count ${again.count}; /api/counts → ${JSON.stringify(counts)}`,
        );
      }
    }
    assert.deepEqual(wrong, []);
  });
});

describeIn(['rest'], 'malformed requests to POST /api/comments/form', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
  });
  after(() => svc.close());

  test('a form body over 64 KiB answers 413 as an HTML error page and stores nothing', async () => {
    const init = formInit({ ...validForm(), comment: 'y'.repeat(70 * 1024) });
    const out = await exchange(svc, 'form', '/api/comments/form', init);
    assert.equal(out.status, 413, out.text.slice(0, 200));
    assert.equal(out.problem, null, out.problem ?? '');
  });

  test('a form post of the wrong content type answers 415 as an HTML error page', async () => {
    const body = new TextEncoder().encode(new URLSearchParams(validForm()).toString());
    for (const headers of [{ 'Content-Type': 'application/json' }, { 'Content-Type': 'text/plain' }, {} as Record<string, string>]) {
      const out = await exchange(svc, 'form', '/api/comments/form', { method: 'POST', headers, body });
      assert.equal(out.problem, null, out.problem ?? '');
      assert.equal(out.status, 415);
    }
  });

  test('a multipart form with a broken boundary answers 400 as an HTML error page', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=zz']) {
      const out = await exchange(svc, 'form', '/api/comments/form', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: '--zz\r\nContent-Disposition: form-data; name="site"\r\n\r\nnews\r\n--zz',
      });
      assert.equal(out.problem, null, out.problem ?? '');
      assert.equal(out.status, 400);
    }
  });

  test('a multipart form with a file in place of the comment text is refused with 422', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(validForm())) form.set(k, v);
    form.set('comment', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'x.html');
    const out = await exchange(svc, 'form', '/api/comments/form', { method: 'POST', body: form });
    assert.equal(out.problem, null, out.problem ?? '');
    assert.equal(out.status, 422, 'a file is not a comment');
  });
});

// ---------------------------------------------------------------------------------------------

const PATHOLOGICAL: ReadonlyArray<readonly [string, string]> = [
  ['10,000 ">"', '>'.repeat(10_000)],
  ['"> " 5,000 times', '> '.repeat(5_000)],
  ['10,000 "*"', '*'.repeat(10_000)],
  ['10,000 "["', '['.repeat(10_000)],
  ['"[a](" 2,500 times', '[a]('.repeat(2_500)],
  ['"[](" 3,000 times', '[]('.repeat(3_000)],
  ['5,000 nested "_"', '_a'.repeat(2_500) + '_'.repeat(2_500)],
  ['10,000 "_"', '_'.repeat(10_000)],
  ['10,000 backticks', '`'.repeat(10_000)],
  ['"`a" 5,000 times', '`a'.repeat(5_000)],
  ['"**a" 3,000 times', '**a'.repeat(3_000)],
  ['"*_" 5,000 times', '*_'.repeat(5_000)],
  ['"- " 5,000 times (nested lists)', '- '.repeat(5_000)],
  ['"1. " 3,000 times', '1. '.repeat(3_000)],
  ['"> - " 2,500 times', '> - '.repeat(2_500)],
  ['10,000 "<"', '<'.repeat(10_000)],
  ['"<a" 5,000 times', '<a'.repeat(5_000)],
  ['10,000 "&"', '&'.repeat(10_000)],
  ['"&#" 5,000 times', '&#'.repeat(5_000)],
  ['10,000 backslashes', '\\'.repeat(10_000)],
  ['"![" 5,000 times', '!['.repeat(5_000)],
  ['one "[" then 9,000 letters then "]("', `[${'a'.repeat(9_000)}](`],
  ['526 bare URLs', 'https://a.example/ '.repeat(526)],
  ['1,400 bare emails', 'a@b.co '.repeat(1_400)],
  ['"www." 2,500 times', 'www.'.repeat(2_500)],
  ['"a@" 5,000 times', 'a@'.repeat(5_000)],
  ['a URL with 9,000 ampersands', `https://a.example/?${'&'.repeat(9_000)}`],
  ['"<https://" 1,000 times', '<https://'.repeat(1_000)],
  ['"\\n" 9,999 times then text', `${'\n'.repeat(9_999)}x`],
  ['1,600 lines of indented code', '    x\n'.repeat(1_600)],
  ['2,500 code fences', '```\n'.repeat(2_500)],
];

describeIn(['rest'], 'pathological Markdown bodies', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { floodSeconds: 0 } });
  });
  after(() => svc.close());

  for (const [name, body] of PATHOLOGICAL) {
    test(`a body of ${name} is answered within 2 s with a bounded html`, async () => {
      const started = performance.now();
      const out = await exchange(svc, 'post', '/api/comments', jsonInit('POST', JSON.stringify({ ...validComment('/pathological'), body })));
      const elapsed = performance.now() - started;
      assert.equal(out.problem, null, out.problem ?? '');
      assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
      assert.ok(out.status === 201 || (out.status >= 400 && out.status < 500), `status ${out.status}`);
      if (out.status !== 201) return;
      const { comment } = JSON.parse(out.text) as PostedComment;
      const [row] = svc.rows<{ html: string; body_source: string }>('select html, body_source from comments where id = ?', comment.id);
      assert.ok(row);
      assert.equal(htmlProblem(row.html), null);
      const limit = 16 * row.body_source.length + 1024;
      assert.ok(row.html.length <= limit, `html is ${row.html.length} characters for a ${row.body_source.length}-character body`);
    });
  }
});

// Local servers for the spam services' tests: one that speaks Akismet's documented protocol
// (form-encoded POSTs to /1.1/…), and a moderation hook that checks the Standard Webhooks signature.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const AKISMET_KEY = 'abc123def456';
export const HOOK_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

async function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export interface AkismetRequest {
  path: string;
  form: Record<string, string>;
}

/**
 * Akismet as documented: comment-check answers "true" (with `X-akismet-pro-tip: discard` for blatant
 * spam) or "false"; a wrong key answers "invalid" with X-akismet-debug-help. The comment's text
 * picks the answer: `[spam]`, `[discard]`, `[slow]` (answers after 2 s), `[500]`.
 */
export async function startAkismet() {
  const requests: AkismetRequest[] = [];
  /** Submissions fail with 503 while this is above 0 (decremented per submission). */
  const state = { failSubmissions: 0 };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const form = Object.fromEntries(new URLSearchParams(body));
      const path = req.url ?? '';
      requests.push({ path, form });
      const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
        res.end(text);
      };
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded') return answer(400, 'bad request');
      if (form.api_key !== AKISMET_KEY) return answer(200, 'invalid', { 'X-akismet-debug-help': 'We were unable to parse your blog URI' });
      if (path === '/1.1/verify-key') return answer(200, 'valid');
      if (path === '/1.1/submit-spam' || path === '/1.1/submit-ham') {
        if (state.failSubmissions > 0) {
          state.failSubmissions -= 1;
          return answer(503, 'unavailable');
        }
        return answer(200, 'Thanks for making the web a better place.');
      }
      if (path !== '/1.1/comment-check') return answer(404, 'not found');
      const content = form.comment_content ?? '';
      if (content.includes('[500]')) return answer(500, 'server error');
      if (content.includes('[slow]')) return void setTimeout(() => answer(200, 'false'), 2000);
      if (content.includes('[discard]')) return answer(200, 'true', { 'X-akismet-pro-tip': 'discard' });
      return answer(200, content.includes('[spam]') ? 'true' : 'false');
    });
  });
  return { ...(await listen(server)), requests, state };
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The Standard Webhooks check, done here independently of Parley's signing code. */
export function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${header(headers, 'webhook-id')}.${header(headers, 'webhook-timestamp')}.${body}`).digest('base64'));
  return header(headers, 'webhook-signature')
    .split(' ')
    .some((candidate) => {
      const given = Buffer.from(candidate.replace(/^v1,/, ''));
      return candidate.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export interface HookRequest {
  path: string;
  verified: boolean;
  payload: { type: string; site: string; data: { comment: Record<string, unknown> } };
}

/**
 * A moderation hook: the comment's text picks the answer: `[approve]`, `[hold]`, `[spam]`, `[reject]`
 * (with reasons), `[slow]` (after 2 s), `[500]`, `[badjson]`, `[redirect]` (302 to a path that approves).
 */
export async function startHook() {
  const requests: HookRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = req.url ?? '';
      let payload: HookRequest['payload'];
      try {
        payload = JSON.parse(body) as HookRequest['payload'];
      } catch {
        payload = { type: '', site: '', data: { comment: {} } };
      }
      requests.push({ path, verified: verifySignature(HOOK_SECRET, req.headers, body), payload });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (path === '/approve-all') return json(200, { verdict: 'approve', reasons: ['followed a redirect'] });
      const text = String(payload.data.comment.body ?? '');
      if (text.includes('[slow]')) return void setTimeout(() => json(200, { verdict: 'spam', reasons: ['late'] }), 2000);
      if (text.includes('[500]')) return json(500, { error: 'boom' });
      if (text.includes('[badjson]')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end('{"verdict": "approve",');
      }
      if (text.includes('[redirect]')) {
        res.writeHead(302, { Location: '/approve-all' });
        return res.end();
      }
      for (const verdict of ['approve', 'hold', 'spam', 'reject']) {
        if (text.includes(`[${verdict}]`)) return json(200, { verdict, reasons: [`toxicity 0.9`, 'first_comment'] });
      }
      return json(200, { verdict: 'approve' });
    });
  });
  return { ...(await listen(server)), requests };
}

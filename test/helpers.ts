// Test harness: the real app over a real SQLite file in a temp dir, with a controllable clock and peer address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { siteSettingsSchema, type SiteSettings } from '../src/comments/settings.js';
import { parseConfig } from '../src/config.js';
import { newApiToken } from '../src/moderation/auth.js';
import { hashPassword } from '../src/moderation/password.js';
import type { Mailer } from '../src/mail/mailer.js';
import { mailerFromConfig } from '../src/mail/setup.js';
import { openDatabase, type OpenedDatabase } from '../src/node/database.js';
import { appliedMigrations } from '../src/node/migrations.js';
import { nodemailerTransport } from '../src/node/smtp.js';
import { nodeOutboundFetch } from '../src/node/outbound-fetch.js';
import { onWorker, startWorker } from './worker-target.js';

/**
 * PARLEY_CHECK_OPENAPI=1: every response the suite gets is held against the OpenAPI document
 * (test/openapi-check.ts), and one that does not match it fails the request that got it.
 */
async function checkedAgainstOpenApi(request: (path: string, init?: RequestInit) => Promise<Response>) {
  const { problemsOf } = await import('./openapi-check.js');
  return async (path: string, init?: RequestInit) => {
    const res = await request(path, init);
    const problems = await problemsOf(init?.method ?? 'GET', path, res.clone());
    if (problems.length > 0) throw new Error(`response not as the OpenAPI document says:\n${problems.join('\n')}`);
    return res;
  };
}

export const ORIGIN = 'https://news.example.org';
export const ARTICLE_URL = `${ORIGIN}/2026/11/bike-lanes`;
export const START = Date.parse('2026-11-24T19:08:14.000Z');

export interface ServiceOptions {
  settings?: Partial<SiteSettings>;
  env?: Record<string, string>;
  /** How webhooks and the moderation hook are called on Node (default: nodeOutboundFetch, as node.ts). */
  outboundFetch?: typeof fetch;
  /** Where the app runs; by default Node, or the Worker when PARLEY_TEST_TARGET=worker. */
  target?: 'node' | 'worker';
  /** On the Worker: another build of it to run (see worker-target.ts). */
  workerScript?: string;
}

export type Json = Record<string, unknown>;

/**
 * The service under test: the app built by createApp over a real SQLite file, either in this
 * process (Node, better-sqlite3) or, with PARLEY_TEST_TARGET=worker, the Worker bundle under
 * workerd with local D1 (see worker-target.ts). Tests read and write the same database file.
 */
export async function startService(options: ServiceOptions = {}) {
  const clock = { now: START };
  const peer = { address: '203.0.113.7' as string | null };
  const logs: string[] = [];
  /** Every wait the sign-in throttle asked for (tests do not really wait; not seen on the Worker). */
  const sleeps: number[] = [];

  let database: OpenedDatabase;
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let stop: () => Promise<void>;
  let dir: string | null = null;
  let mailer: Mailer | null = null;
  /** Runs the mail sender now (Node: the mailer itself; Worker: the cron handler). */
  let sendMail: () => Promise<void> = async () => undefined;
  const onWorkerTarget = (options.target ?? (onWorker ? 'worker' : 'node')) === 'worker';
  if (onWorkerTarget) {
    const worker = await startWorker({ env: options.env, log: (line) => logs.push(line), ...(options.workerScript ? { script: options.workerScript } : {}) });
    database = worker.database;
    request = async (path, init) => {
      const headers = new Headers(init?.headers);
      headers.set('X-Parley-Test-Now', String(clock.now));
      if (peer.address) headers.set('CF-Connecting-IP', peer.address);
      let body = init?.body;
      if (body instanceof FormData) {
        // Miniflare streams the body on, so encode the multipart form (and its boundary) here.
        const encoded = new Response(body);
        headers.set('Content-Type', encoded.headers.get('Content-Type') ?? 'multipart/form-data');
        body = await encoded.arrayBuffer();
      }
      return worker.dispatch(path.startsWith('/') ? `http://localhost${path}` : path, { ...init, headers, body });
    };
    stop = () => worker.close();
    sendMail = async () => {
      // A request first, so the Worker's test clock is the suite's.
      await request('/healthz');
      await worker.scheduled();
    };
  } else {
    dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const file = join(dir, 'parley.db');
    database = openDatabase(file);
    const config = parseConfig({ PARLEY_DB: file, ...options.env });
    const secret = 'test-secret-that-is-long-enough-0123456789';
    // With PARLEY_SMTP_URL in env: the real mailer over nodemailer, on the test clock.
    mailer = mailerFromConfig({ config, store: database.store, secret, now: () => clock.now, log: (line) => logs.push(line), transport: nodemailerTransport });
    const app = createApp({
      store: database.store,
      config,
      secret,
      mailer: mailer ?? undefined,
      clock: () => clock.now,
      socketAddress: () => peer.address,
      log: (line) => logs.push(line),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      migrations: async () => appliedMigrations(database.sqlite),
      // As node.ts does: hooks and webhooks connect only to public addresses unless PARLEY_ALLOW_PRIVATE_HOOKS.
      outboundFetch: options.outboundFetch ?? nodeOutboundFetch(config.PARLEY_ALLOW_PRIVATE_HOOKS),
    });
    request = async (path, init) => app.request(path, init);
    stop = async () => undefined;
    sendMail = async () => {
      await mailer?.kick();
    };
  }
  if (process.env.PARLEY_CHECK_OPENAPI === '1') request = await checkedAgainstOpenApi(request);
  await database.store.saveSite('news', siteSettingsSchema.parse({ origins: [ORIGIN], ...options.settings }), START);

  /** POST /api/comments with JSON; `fields` are merged over a valid comment. */
  const post = (fields: Json = {}, headers: Record<string, string> = {}) =>
    request('/api/comments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({
        site: 'news',
        article: '/2026/11/bike-lanes',
        articleUrl: ARTICLE_URL,
        articleTitle: 'Bike lanes',
        name: 'Amal',
        email: 'amal@example.org',
        body: 'I agree with *this*.',
        ...fields,
      }),
    });

  const rows = <T = Json>(sql: string, ...params: unknown[]) => database.sqlite.prepare(sql).all(...params) as T[];
  const count = (sql = 'select count(*) as n from comments', ...params: unknown[]) =>
    (database.sqlite.prepare(sql).get(...params) as { n: number }).n;

  /** Advances the clock past the flood window so the next post is not rate limited. */
  const later = (seconds = 60) => {
    clock.now += seconds * 1000;
  };

  /** Marks a comment approved directly in the database (moderation has its own API). */
  const approve = (id: number) => database.sqlite.prepare("update comments set status = 'approved' where id = ?").run(id);

  /** Posts a comment and approves it; returns its id. */
  const postApproved = async (fields: Json = {}) => {
    const res = await post(fields);
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { comment: { id: number } };
    approve(body.comment.id);
    later();
    return body.comment.id;
  };

  /** Creates a moderator (through the store, as the CLI does) and returns how to sign in. */
  const addModerator = async (email = 'mod@example.org', password = 'correct horse battery', name = 'Mo Derator') => {
    await database.store.upsertModerator(email, name, await hashPassword(password), clock.now);
    return { email, password, name };
  };

  /** Creates an API token and returns the Authorization header that uses it. */
  const addToken = async (name = 'ci') => {
    const { token, hash } = await newApiToken();
    await database.store.createApiToken(name, hash, clock.now);
    return { Authorization: `Bearer ${token}` };
  };

  /** Signs in through the API; returns the cookie and CSRF headers for later requests. */
  const signIn = async (credentials: { email: string; password: string }) => {
    const res = await request('http://parley.test/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://parley.test' },
      body: JSON.stringify(credentials),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { Cookie: cookie, 'X-CSRF-Token': csrfToken, Origin: 'http://parley.test' };
  };

  const close = async () => {
    if (onWorkerTarget) {
      await stop();
      return;
    }
    database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };

  return { sendMail, request, post, rows, count, clock, peer, logs, sleeps, later, approve, postApproved, addModerator, addToken, signIn, store: database.store, sqlite: database.sqlite, close };
}

export type Service = Awaited<ReturnType<typeof startService>>;

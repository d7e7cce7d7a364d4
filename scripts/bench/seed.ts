// The benchmark's data, written through the store (not HTTP) into a fresh database: one 200-comment
// thread three levels deep, 50 articles with counts, and with `scale` 1,000,000 more comments over
// 20,000 articles of which 100,000 wait in the queue.
import { avatarHash } from '../../src/comments/crypto.js';
import { renderBody } from '../../src/comments/render.js';
import { siteSettingsSchema } from '../../src/comments/settings.js';
import { newApiToken } from '../../src/moderation/auth.js';
import { openDatabase } from '../../src/node/database.js';
import type { CommentStatus, NewComment, Store } from '../../src/store/types.js';

export const BENCH_ORIGIN = 'https://news.example.org';
export const THREAD_KEY = '/2026/11/bike-lanes';
export const THREAD_SITE = 'news';
/** Approval `none` and no flood window, so one client can post as fast as the server takes it. */
export const POST_SITE = 'bench';
export const COUNT_KEYS = Array.from({ length: 50 }, (_, i) => `/2026/10/story-${i + 1}`);
const START = Date.parse('2026-01-01T00:00:00.000Z');

export interface SeedOptions {
  file: string;
  secret: string;
  /** Add the 1,000,000-comment load. */
  scale: boolean;
  /** Progress lines (the big seed takes a while). */
  log?: (line: string) => void;
}

export interface Seeded {
  /** A bearer token for the moderation API. */
  apiToken: string;
  comments: number;
  pending: number;
  articles: number;
  seconds: number;
}

// Realistic bodies (Markdown-lite with emphasis, a link, a quote), rendered once; `{n}` is plain digits in both.
const BODIES = [
  'I ride this street every day, comment {n}. The *painted* lanes were never enough; a kerb makes all the difference.',
  'Comment {n}: the council report is here https://news.example.org/reports/lanes and it says **traffic fell by 12%**.',
  '> Shops will lose customers\n\nComment {n}: the survey in the article says the opposite. People on bikes stop more often.',
  'Comment {n}. I was sceptical, but my kids can now ride to school. `Thank you` to whoever pushed for this.',
  'Comment {n}: what about deliveries? Loading bays every 200 m would solve most of it.\n\n- mornings only\n- marked clearly',
];
const RENDERED = BODIES.map((source) => ({ source, html: renderBody(source) }));

interface Author {
  name: string;
  email: string;
  avatar: string;
  url: string | null;
}

async function authors(secret: string, count: number): Promise<Author[]> {
  const list: Author[] = [];
  for (let i = 0; i < count; i++) {
    const email = `reader${i}@example.org`;
    const name = `Reader ${i}`;
    list.push({ name, email, avatar: await avatarHash(secret, email, name), url: i % 3 === 0 ? `https://reader${i}.example.net/` : null });
  }
  return list;
}

class Writer {
  count = 0;
  pending = 0;
  constructor(
    private readonly store: Store,
    private readonly people: Author[],
  ) {}

  async comment(siteId: number, key: string, at: number, parent: { id: number; depth: number } | null, status: CommentStatus): Promise<{ id: number; depth: number }> {
    const n = this.count++;
    if (status === 'pending') this.pending++;
    const author = this.people[n % this.people.length];
    const body = RENDERED[n % RENDERED.length];
    if (!author || !body) throw new Error('empty seed pools');
    const input: NewComment = {
      siteId,
      articleKey: key,
      articleUrl: `${BENCH_ORIGIN}${key}`,
      articleTitle: `Article ${key}`,
      parentId: parent?.id ?? null,
      depth: parent ? parent.depth + 1 : 1,
      status,
      reasons: status === 'pending' ? ['first_comment'] : [],
      name: author.name,
      email: author.email,
      url: author.url,
      avatar: author.avatar,
      bodySource: body.source.replace('{n}', String(n)),
      html: body.html.replace('{n}', String(n)),
      ip: '192.0.2.0',
      userAgent: 'parley-bench',
      moderator: false,
      editTokenHash: null,
      createdAt: at,
    };
    const result = await this.store.insertComment(input, { duplicate: false, floodSince: null });
    if (!result.ok) throw new Error(`seed insert refused: ${result.reason}`);
    return { id: result.comment.id, depth: result.comment.depth };
  }
}

export async function seed(options: SeedOptions): Promise<Seeded> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const database = openDatabase(options.file);
  const { store, sqlite } = database;
  try {
    const settings = siteSettingsSchema.parse({ origins: [BENCH_ORIGIN], approval: 'all', floodSeconds: 0 });
    const news = (await store.saveSite(THREAD_SITE, settings, START)).site;
    await store.saveSite(POST_SITE, { ...settings, approval: 'none' }, START);
    const { token, hash } = await newApiToken();
    await store.createApiToken('bench', hash, START);
    const writer = new Writer(store, await authors(options.secret, 500));

    // The thread: 50 top-level comments, two replies each, and a third level under every first reply.
    // Each level is written at once (the store commits concurrent inserts together).
    const tops = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.comment(news.id, THREAD_KEY, START + i * 1000, null, 'approved')));
    const firsts = await Promise.all(tops.map((top, i) => writer.comment(news.id, THREAD_KEY, START + 100_000 + i * 1000, top, 'approved')));
    await Promise.all(tops.map((top, i) => writer.comment(news.id, THREAD_KEY, START + 200_000 + i * 1000, top, 'approved')));
    await Promise.all(firsts.map((first, i) => writer.comment(news.id, THREAD_KEY, START + 300_000 + i * 1000, first, 'approved')));

    // 50 articles with 1–10 approved comments each, and a held one on every fifth.
    let at = START + 400_000;
    for (const [i, key] of COUNT_KEYS.entries()) {
      for (let j = 0; j <= i % 10; j++) await writer.comment(news.id, key, (at += 1000), null, 'approved');
      if (i % 5 === 0) await writer.comment(news.id, key, (at += 1000), null, 'pending');
    }

    let articles = 1 + COUNT_KEYS.length;
    if (options.scale) {
      // 20,000 articles × 50 comments in chains of three (a comment, a reply, a reply to that);
      // every tenth comment is pending (100,000 in the queue), and a reply to a pending one is top-level.
      const perArticle = 50;
      const total = 20_000;
      const batch = 200;
      for (let a = 0; a < total; a += batch) {
        const keys = Array.from({ length: Math.min(batch, total - a) }, (_, b) => `/archive/${a + b}`);
        const written = new Map<string, Array<{ id: number; depth: number; pending: boolean }>>();
        for (const level of [0, 1, 2]) {
          await Promise.all(
            keys.map(async (key, b) => {
              const list = written.get(key) ?? [];
              written.set(key, list);
              const base = at + (b * perArticle + level) * 1000;
              const writes: Array<Promise<void>> = [];
              for (let j = level; j < perArticle; j += 3) {
                const parent = level === 0 ? undefined : list[j - 1];
                const status: CommentStatus = j % 10 === 9 ? 'pending' : 'approved';
                writes.push(
                  writer
                    .comment(news.id, key, base + (j - level) * 1000, parent && !parent.pending ? parent : null, status)
                    .then((c) => {
                      list[j] = { ...c, pending: status === 'pending' };
                    }),
                );
              }
              await Promise.all(writes);
            }),
          );
        }
        at += keys.length * perArticle * 1000;
        if ((a + batch) % 2000 === 0) log(`seeded ${a + batch} of ${total} archive articles (${writer.count} comments)`);
      }
      articles += total;
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      apiToken: token,
      comments: writer.count,
      pending: writer.pending,
      articles,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    database.close();
  }
}

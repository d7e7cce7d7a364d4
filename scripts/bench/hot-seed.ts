// The hot article's data: one article with 5,000 approved comments in threads three deep (1,250
// top-level comments, two replies each and a reply to every first reply), written through the store
// into a database `seed()` made, so that the rest of the bench's data is there too.
import { avatarHash } from '../../src/comments/crypto.js';
import { renderBody } from '../../src/comments/render.js';
import { openDatabase } from '../../src/node/database.js';
import type { NewComment } from '../../src/store/types.js';
import { BENCH_ORIGIN, THREAD_SITE } from './seed.js';

export const HOT_KEY = '/2026/11/breaking-news';
/** Top-level comments: each has three replies below it, so 4 × 1,250 = 5,000. */
const ROOTS = 1250;
const START = Date.parse('2026-11-01T00:00:00.000Z');

const SOURCE = 'Breaking comment {n}: the *minister* said so on https://news.example.org/live and **nobody** asked why.';
const HTML = renderBody(SOURCE);

export async function seedHot(file: string, secret: string): Promise<{ comments: number }> {
  const { store, sqlite, close } = openDatabase(file);
  try {
    const site = await store.getSite(THREAD_SITE);
    if (!site) throw new Error(`seed() made no site ${THREAD_SITE}`);
    const people = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => ({
        name: `Hot reader ${i}`,
        email: `hot${i}@example.org`,
        avatar: await avatarHash(secret, `hot${i}@example.org`, `Hot reader ${i}`),
      })),
    );
    let n = 0;
    const write = async (at: number, parent: { id: number; depth: number } | null) => {
      const i = n++;
      const who = people[i % people.length];
      if (!who) throw new Error('no authors');
      const input: NewComment = {
        siteId: site.id,
        articleKey: HOT_KEY,
        articleUrl: `${BENCH_ORIGIN}${HOT_KEY}`,
        articleTitle: 'Breaking news',
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 1,
        status: 'approved',
        reasons: [],
        name: who.name,
        email: who.email,
        url: null,
        avatar: who.avatar,
        bodySource: SOURCE.replace('{n}', String(i)),
        html: HTML.replace('{n}', String(i)),
        ip: '192.0.2.0',
        userAgent: 'parley-bench',
        moderator: false,
        editTokenHash: null,
        createdAt: at,
      };
      const result = await store.insertComment(input, { duplicate: false, floodSince: null });
      if (!result.ok) throw new Error(`hot seed insert refused: ${result.reason}`);
      return { id: result.comment.id, depth: result.comment.depth };
    };
    // Level by level, each level at once (the store commits concurrent inserts together).
    const span = ROOTS * 1000;
    const roots = await Promise.all(Array.from({ length: ROOTS }, (_, i) => write(START + i * 1000, null)));
    const firsts = await Promise.all(roots.map((r, i) => write(START + span + i * 1000, r)));
    await Promise.all(roots.map((r, i) => write(START + 2 * span + i * 1000, r)));
    await Promise.all(firsts.map((f, i) => write(START + 3 * span + i * 1000, f)));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { comments: n };
  } finally {
    close();
  }
}

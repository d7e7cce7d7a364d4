// The comments the posting scenarios send; wrk/body.lua (for post.lua and mixed.lua) builds the same bodies.

export interface PostTarget {
  site: string;
  article: string;
  origin: string;
  /** Unique per run, so a body is never a duplicate of an earlier run's. */
  run: string;
}

export function commentBody(target: PostTarget, n: number): string {
  const poster = n % 1000;
  let text = `Comment ${target.run}-${n}: the *painted* lanes were never enough.`;
  if (n % 5 === 0) text += ' See https://news.example.org/reports.';
  return JSON.stringify({
    site: target.site,
    article: target.article,
    articleUrl: `${target.origin}${target.article}`,
    articleTitle: 'Posting benchmark',
    name: `Poster ${poster}`,
    email: `poster${poster}@example.org`,
    body: text,
  });
}

/** The environment wrk's Lua scripts read the same settings from. */
export function luaEnv(target: PostTarget): Record<string, string> {
  return { PARLEY_SITE: target.site, PARLEY_ARTICLE: target.article, PARLEY_ORIGIN: target.origin, PARLEY_RUN: target.run };
}

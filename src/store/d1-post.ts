// A new comment on D1 in one round trip: decided from the site as this isolate last read it, and
// written by one batch whose every write holds only while what the decision assumed still holds in
// SQL: the site's settings (their stored text), the article open, no ban on the author, the parent
// published on the same article and shallow enough, and which first-comment decision applies. The
// batch also reads the site, the article and the ban, so that when an assumption failed (nothing
// written) the post is decided again from those, as postContext would have read them.
import { sql, type SQL } from 'drizzle-orm';
import { articles, bans, comments, sites } from '../db/schema.js';
import { articleOfComment, D1CommentStore } from './d1.js';
import { eventsOfNewComment, mailsOfNewComment } from './d1-mail-insert.js';
import { bodyHash } from './body-hash.js';
import { fromRaw } from './d1-rows.js';
import * as banQueries from './queries-bans.js';
import type { BanKind } from './bans-types.js';
import type { OptimisticPost, OptimisticPostStore, OptimisticResult, PostVariant } from './optimistic-post-types.js';

/** Every assumption of the decision, as one SQL condition (true: the decision still stands). */
function assumptionsHold(post: OptimisticPost, articleOf: SQL): SQL {
  const { site, comment: input, banKeys } = post;
  const { closeAfterDays, maxDepth } = site.settings;
  const holds: SQL[] = [
    sql`exists (select 1 from ${sites} where ${sites.id} = ${site.id} and ${sites.slug} = ${site.slug} and ${sites.settings} = ${post.settingsText})`,
    // Open: not closed by a moderator, nor by age (isClosed in verdict.ts).
    sql`not exists (select 1 from ${articles} where ${articles.siteId} = ${site.id} and ${articles.key} = ${input.articleKey} and (${articles.closed} = 1${
      closeAfterDays === null
        ? sql``
        : sql` or (${articles.firstCommentAt} is not null and ${input.createdAt} - ${articles.firstCommentAt} > ${closeAfterDays * 86_400_000})`
    }))`,
  ];
  if (banKeys.email || banKeys.domain || banKeys.ip) {
    // activeBanQuery's condition (queries-bans.ts): a null key matches nothing.
    holds.push(sql`not exists (select 1 from ${bans} where ${bans.siteId} = ${site.id}
      and ((${bans.kind} = 'email' and ${bans.value} = ${banKeys.email}) or (${bans.kind} = 'domain' and ${bans.value} = ${banKeys.domain})
        or (${bans.kind} = 'ip' and ${bans.value} = ${banKeys.ip}))
      and (${bans.until} is null or ${bans.until} > ${input.createdAt}))`);
  }
  if (input.parentId !== null) {
    // The service's "replyable" check and the verdict's max_depth, on the parent as it is now.
    holds.push(sql`exists (select 1 from ${comments} parent where parent.id = ${input.parentId} and parent.article_id = ${articleOf}
      and parent.status = 'approved' and parent.deleted = 0 and parent.depth < ${maxDepth})`);
  }
  return sql.join(holds, sql` and `);
}

/** The author already has an approved comment on the site (authorHistory's hasApprovedComment). */
const knownAuthor = (siteId: number, email: string) =>
  sql`exists (select 1 from ${comments} known join ${articles} known_article on known_article.id = known.article_id
    where lower(known.email) = ${email.toLowerCase()} and known.status = 'approved' and known_article.site_id = ${siteId})`;

/** The inserted row was stored as this variant. */
const storedAs = (variant: Pick<PostVariant, 'status' | 'reasons'>) =>
  sql`${comments.status} = ${variant.status} and ${comments.reasons} = ${JSON.stringify(variant.reasons)}`;

export class D1PostStore extends D1CommentStore implements OptimisticPostStore {
  async insertIfUnchanged(post: OptimisticPost): Promise<OptimisticResult> {
    const { comment: input, site, firstTime } = post;
    const guard = { duplicate: true, floodSince: post.floodSince };
    const articleOf = articleOfComment(input);
    const holds = assumptionsHold(post, articleOf);
    const refused = this.refusedBy(input, guard, articleOf);
    const known = firstTime ? knownAuthor(site.id, input.email) : null;
    const status = known && firstTime ? sql`case when ${known} then ${input.status} else ${firstTime.status} end` : sql`${input.status}`;
    const reasons =
      known && firstTime
        ? sql`case when ${known} then ${JSON.stringify(input.reasons)} else ${JSON.stringify(firstTime.reasons)} end`
        : sql`${JSON.stringify(input.reasons)}`;
    const depth = input.parentId === null ? sql`1` : sql`(select parent.depth + 1 from ${comments} parent where parent.id = ${input.parentId})`;
    const siteId = sql`(select ${sites.id} from ${sites} where ${sites.slug} = ${site.slug})`;
    const variants = [{ ...input, mails: input.mails ?? [], events: input.events ?? [] }, ...(firstTime ? [firstTime] : [])];
    const effects = variants.flatMap((variant) => {
      const also = firstTime ? storedAs(variant) : undefined;
      const fields = { ...input, mails: variant.mails, events: variant.events };
      return [...mailsOfNewComment(fields, articleOf, also), ...eventsOfNewComment(fields, articleOf, { also, parentFromSql: true })];
    });
    const keys = post.banKeys;
    const [[check] = [], [siteRaw] = [], [articleRaw] = [], [ban] = [], , inserted = [], [commentRaw] = [], [articleBack] = []] = await this.batch([
      sql`select (${holds}) as holds`,
      // What postContext reads, for deciding again when an assumption failed.
      sql`select * from ${sites} where ${sites.slug} = ${site.slug}`,
      sql`select * from ${articles} where ${articles.siteId} = ${siteId} and ${articles.key} = ${input.articleKey}`,
      keys.email || keys.domain || keys.ip ? banQueries.activeBanQuery(this.db, { siteId, ...keys, now: input.createdAt }) : sql`select 1 where 0`,
      sql`insert into ${articles} (site_id, key, url, title, first_comment_at)
        select ${input.siteId}, ${input.articleKey}, ${input.articleUrl}, ${input.articleTitle}, ${input.createdAt} where ${holds} and not (${refused})
        on conflict (site_id, key) do update set url = coalesce(${articles.url}, excluded.url),
          title = coalesce(${articles.title}, excluded.title), first_comment_at = coalesce(${articles.firstCommentAt}, excluded.first_comment_at)`,
      sql`insert into ${comments} (
          article_id, parent_id, depth, status, reasons, name, email, url, avatar, body_source, html, ip,
          user_agent, moderator, edit_token_hash, created_at, body_hash)
        select ${articleOf}, ${input.parentId}, ${depth}, ${status}, ${reasons},
          ${input.name}, ${input.email}, ${input.url}, ${input.avatar}, ${input.bodySource}, ${input.html}, ${input.ip},
          ${input.userAgent}, ${input.moderator ? 1 : 0}, ${input.editTokenHash}, ${input.createdAt}, ${bodyHash(input.bodySource)}
        where ${holds} and not (${refused})
        returning id`,
      sql`select * from ${comments} where ${comments.id} = last_insert_rowid()`,
      sql`select * from ${articles} where ${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}`,
      ...effects,
      // A refused first comment must not leave its new article behind (as insertComment).
      sql`delete from ${articles} where ${articles.siteId} = ${input.siteId} and ${articles.key} = ${input.articleKey}
        and ${articles.firstCommentAt} = ${input.createdAt} and ${holds}
        and not exists (select 1 from ${comments} where ${comments.articleId} = ${articles.id})`,
    ]);
    if (!check?.holds) {
      if (!siteRaw) return { ok: false, reason: 'stale', context: null };
      return {
        ok: false,
        reason: 'stale',
        context: {
          site: this.siteOf(fromRaw(sites, siteRaw)),
          article: articleRaw ? fromRaw(articles, articleRaw) : null,
          ban: ban ? { id: Number(ban.id), kind: String(ban.kind) as BanKind } : null,
        },
      };
    }
    return this.inserted(input, guard, inserted[0]?.id, commentRaw, articleBack);
  }
}

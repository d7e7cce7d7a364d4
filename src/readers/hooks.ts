// Readers' part of the mail each event causes (added to the mail core's hooks): notifications when a
// comment is approved, at posting or by a moderator, and "your comment was approved".
import type { MailHooks } from '../mail/hooks.js';
import type { Mailer } from '../mail/mailer.js';
import type { Store } from '../store/types.js';
import { approvedMailFor, notificationsFor, readerRenderers, type ReaderMailDeps } from './notify.js';

export function addReaderMail(hooks: MailHooks, mailer: Mailer, deps: Omit<ReaderMailDeps, 'publicUrl'> & { store: Store }): void {
  const readerMail: ReaderMailDeps = { ...deps, publicUrl: mailer.options.publicUrl };
  const { store } = deps;
  for (const [name, render] of readerRenderers()) mailer.renderers.set(name, render);
  hooks.newComment.push(async (site, comment) => {
    if (comment.status !== 'approved') return [];
    const article = await store.getArticle(site.id, comment.articleKey);
    return notificationsFor(readerMail, site, { articleId: article?.id ?? null, parentId: comment.parentId, email: comment.email, commentId: null });
  });
  hooks.change.push(async (row, change) => {
    if (change.status !== 'approved' || row.comment.status === 'approved') return [];
    const site = await store.getSite(row.siteSlug);
    if (!site) return [];
    return [
      ...(await notificationsFor(readerMail, site, { articleId: row.article.id, parentId: row.comment.parentId, email: row.comment.email, commentId: row.comment.id })),
      ...(await approvedMailFor(readerMail, site, row)),
    ];
  });
}

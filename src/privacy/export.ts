// A person's comments on one site as a JSON download (WordPress's "Export Personal Data").
import type { AdminCommentRow } from '../store/types.js';

export interface PersonalDataExport {
  site: string;
  email: string;
  exportedAt: string;
  comments: Array<{
    id: number;
    parentId: number | null;
    status: string;
    article: { key: string; url: string | null; title: string | null };
    name: string;
    email: string;
    url: string | null;
    body: string;
    html: string;
    ip: string | null;
    userAgent: string | null;
    createdAt: string;
    editedAt: string | null;
  }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Everything stored about the address's comments: it goes only to the address itself (or a moderator). */
export function personalDataExport(site: string, email: string, rows: AdminCommentRow[], now: number): PersonalDataExport {
  return {
    site,
    email: email.trim().toLowerCase(),
    exportedAt: iso(now),
    comments: rows.map(({ comment, article }) => ({
      id: comment.id,
      parentId: comment.parentId,
      status: comment.status,
      article: { key: article.key, url: article.url, title: article.title },
      name: comment.name,
      email: comment.email,
      url: comment.url,
      body: comment.bodySource,
      html: comment.html,
      ip: comment.ip,
      userAgent: comment.userAgent,
      createdAt: iso(comment.createdAt),
      editedAt: comment.editedAt === null ? null : iso(comment.editedAt),
    })),
  };
}

export function exportFileName(site: string, now: number): string {
  return `parley-${site}-comments-${iso(now).slice(0, 10)}.json`;
}

// The held/approved decision: a pure function of the comment, the site's settings and what the
// store knows about the author. No I/O, so every rule is tested with a table of cases.
import type { CommentStatus } from '../db/schema.js';
import type { SiteSettings } from './settings.js';

export interface VerdictInput {
  name: string;
  email: string;
  url: string | null;
  body: string;
  /** Links in the rendered body. */
  links: number;
  ip: string | null;
  userAgent: string | null;
  /** The honeypot field was filled in. */
  honeypot: boolean;
}

export interface VerdictHistory {
  /** The author (same email, case-insensitive) already has an approved comment on the site. */
  hasApprovedComment: boolean;
}

export interface Verdict {
  status: Exclude<CommentStatus, 'trash'>;
  reasons: string[];
}

export function verdict(input: VerdictInput, settings: SiteSettings, history: VerdictHistory): Verdict {
  if (input.honeypot) return { status: 'spam', reasons: ['honeypot'] };

  const reasons: string[] = [];
  if (settings.approval === 'all') reasons.push('manual_approval');
  if (settings.approval === 'first-time' && !history.hasApprovedComment) reasons.push('first_comment');
  if (settings.maxLinks > 0 && input.links >= settings.maxLinks) reasons.push(`links:${input.links}`);
  return { status: reasons.length > 0 ? 'pending' : 'approved', reasons };
}

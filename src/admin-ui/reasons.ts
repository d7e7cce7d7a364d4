// Why a comment was held (or marked as spam), in words, from the machine-readable reasons the verdict stores.
import { TIME_TRAP_MS } from '../comments/verdict.js';

/** One stored reason (`first_comment`, `links:3`, `moderation_key:casino`, …) as a moderator reads it. */
export function reasonInWords(reason: string, settings: { maxLinks: number }): string {
  const colon = reason.indexOf(':');
  const code = colon === -1 ? reason : reason.slice(0, colon);
  const value = colon === -1 ? '' : reason.slice(colon + 1);
  switch (code) {
    case 'first_comment':
      return 'First comment from this author';
    case 'manual_approval':
      return 'Every comment must be manually approved';
    case 'links': {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0) break;
      const links = `${count} ${count === 1 ? 'link' : 'links'}`;
      return settings.maxLinks > 0 ? `${links} (limit ${settings.maxLinks})` : links;
    }
    case 'moderation_key':
      return `Matched moderation word '${value}'`;
    case 'disallowed_key':
      return `Matched disallowed word '${value}'`;
    case 'honeypot':
      return 'Filled in the hidden field that only bots see';
    case 'reports': {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0) break;
      return `Reported by ${count} ${count === 1 ? 'reader' : 'readers'}: taken out of the thread until a moderator decides`;
    }
    case 'akismet':
      return 'Akismet says this is spam';
    case 'akismet_error':
      return 'Akismet could not be asked (timeout, error or invalid key): Parley’s own rules decided';
    case 'hook_spam':
      return 'The site’s moderation hook says this is spam';
    case 'hook_hold':
      return 'The site’s moderation hook held it for a moderator';
    case 'hook_error':
      return 'The site’s moderation hook did not answer in time or sensibly: Parley’s own rules decided';
    case 'hook':
      // The hook's own words, shown as its words (never as one of Parley's reasons).
      return `Moderation hook: ${value}`;
    case 'quiet_hours':
      return 'Posted during the site’s quiet hours';
    case 'banned':
      return 'The author is banned on this site (see Bans)';
    case 'too_fast':
      return `Sent less than ${TIME_TRAP_MS / 1000} seconds after the form appeared`;
  }
  return reason;
}

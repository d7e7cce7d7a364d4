// The one rule for turning a stored address (a commenter's website, an article's URL) into a link,
// shared by the moderators' pages and mail: only http(s) addresses become links, anything else
// (javascript:, data:, garbage) is shown as text.

/** The normalised href of an http(s) address; null for anything else. */
export function httpHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// A comment's reasons (why it was held) are stored as a JSON array of strings in comments.reasons;
// readers of that column (the export, moderators' mail) get them back tolerantly.

/** The reasons in a stored `reasons` value: only the strings, and none if it is not a JSON array. */
export function parseReasons(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

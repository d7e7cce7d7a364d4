// The HTML of a mail: plain markup with inline-free styling (no images, no remote resources, so no
// tracking pixels), every piece of user text escaped.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** A whole HTML mail around already-escaped body markup. */
export function htmlDocument(options: { lang: string; dir: 'ltr' | 'rtl'; title: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang)}" dir="${options.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #1d2327; max-width: 40em">
${options.body}
</body>
</html>
`;
}

/** Plain text of a comment's body source: it is what the author typed (Markdown-ish), shown indented. */
export function quoteText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

/** A comment's body source in HTML: escaped, its line breaks kept, set off as a quote. */
export const quoteHtml = (source: string) =>
  `<blockquote style="white-space: pre-wrap; border-inline-start: 3px solid #c3c4c7; margin: 1em 0; padding-inline-start: 1em">${escapeHtml(source)}</blockquote>`;

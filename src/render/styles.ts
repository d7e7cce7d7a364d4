// The stylesheet of Parley's own pages (demo article, error page), served at /assets/parley.css.
export const pageCss = `
:root { color-scheme: light dark; --accent: #1d4ed8; --muted: #4b5563; --line: #d1d5db; --bg: #fff; --fg: #111827; }
@media (prefers-color-scheme: dark) { :root { --accent: #93b4ff; --muted: #c2c8d0; --line: #374151; --bg: #111827; --fg: #f3f4f6; } }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 Georgia, "Times New Roman", serif; background: var(--bg); color: var(--fg); }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1rem 4rem; }
a { color: var(--accent); }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
.byline { color: var(--muted); font-size: .9rem; margin: 0 0 2rem; }
.comments-area { margin-top: 3rem; border-top: 1px solid var(--line); padding-top: 1rem; font-family: system-ui, sans-serif; font-size: 1rem; }
.comment-list, .comment-list ol { list-style: none; margin: 0; padding: 0; }
.comment-list ol { margin-left: 1.5rem; border-left: 2px solid var(--line); padding-left: 1rem; }
.comment-body { margin: 1rem 0; }
.comment-meta { display: flex; gap: .6rem; align-items: center; font-size: .9rem; color: var(--muted); }
.comment-meta img { border-radius: 50%; }
.comment-author { font-weight: 600; color: var(--fg); }
.comment-content p { margin: .4rem 0; }
.comment-content pre { overflow-x: auto; background: rgba(127,127,127,.12); padding: .5rem; }
.comment-content blockquote { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid var(--line); color: var(--muted); }
.deleted { color: var(--muted); font-style: italic; }
.reply a { font-size: .85rem; }
.comment-respond label { display: block; font-weight: 600; margin-top: .8rem; }
.comment-respond .subscribe-label { display: inline; font-weight: 400; }
.reader-page { font-family: system-ui, sans-serif; font-size: 1rem; }
.reader-page label { display: block; font-weight: 600; margin-top: .8rem; }
.reader-page label.inline { display: inline; font-weight: 400; }
.reader-page input[type=email] { width: 100%; padding: .5rem; font: inherit; }
.reader-page fieldset { border: 1px solid var(--line); margin: 1rem 0; }
.reader-page button { padding: .5rem 1rem; font: inherit; }
.reader-error { border: 2px solid #b91c1c; padding: .5rem .8rem; }
.comment-respond input[type=text], .comment-respond input[type=email], .comment-respond input[type=url], .comment-respond textarea {
  width: 100%; padding: .5rem; font: inherit; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
.comment-respond textarea { min-height: 8rem; }
.comment-respond .required { color: #b91c1c; }
.comment-notes { color: var(--muted); font-size: .9rem; }
.form-submit input { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; background: var(--accent); color: var(--bg); border: 0; border-radius: 4px; cursor: pointer; }
.parley-hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.pending-notice { display: none; padding: .8rem; border: 1px solid var(--line); border-radius: 4px; }
.pending-notice:target { display: block; }
.error-page { max-width: 36rem; margin: 4rem auto; padding: 1.5rem; border: 1px solid var(--line); border-radius: 6px; font-family: system-ui, sans-serif; }
.error-page ul { padding-left: 1.2rem; }
.mail-action { max-width: 36rem; margin: 4rem auto; padding: 1.5rem; border: 1px solid var(--line); border-radius: 6px; font-family: system-ui, sans-serif; }
.mail-action blockquote { white-space: pre-wrap; margin: .5rem 0 1rem; padding-inline-start: 1rem; border-inline-start: 3px solid var(--line); }
.mail-action button { font: inherit; padding: .5rem 1rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`;

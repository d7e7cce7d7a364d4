// GET /embed: one article's thread and "Leave a Reply" form as plain HTML, for pages that cannot run
// JavaScript and frame it instead. Links and the form open in the top window (the page around the
// frame); only Reply and Cancel reply stay inside the frame.
import { raw } from 'hono/html';
import type { Thread } from '../comments/reads.js';
import { findInThread } from '../comments/thread.js';
import { ReplyForm, ThreadView } from './thread.js';

export interface EmbedPageProps {
  thread: Thread;
  site: string;
  title: string;
  /** Where the article lives (sent with the form), if known. */
  articleUrl: string | null;
  replyToId: number | null;
  /** This page's own address with or without ?replytocom. */
  selfHref: (replyTo: number | null) => string;
  /** What a closed thread says instead of the form ("Comments are closed until Monday 07:00 CET."). */
  closedText: string;
}

/** CSP of the embed: framed only by the site's origins, and the form may go only to Parley and (by its redirect) them. */
export function embedCsp(origins: string[]): string {
  const ancestors = origins.length > 0 ? origins.join(' ') : "'none'";
  return `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' ${origins.join(' ')}; base-uri 'none'; frame-ancestors ${ancestors}`;
}

export function EmbedPage(props: EmbedPageProps) {
  const { thread } = props;
  const parent = props.replyToId === null ? null : findInThread(thread.comments, props.replyToId);
  const replyTo = parent?.author ? { id: parent.id, name: parent.author.name } : null;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="strict-origin-when-cross-origin" />
          <title>{`Comments on “${props.title}”`}</title>
          <link rel="stylesheet" href="/assets/parley.css" />
          <base target="_top" />
        </head>
        <body>
          <main>
            <section id="comments" class="comments-area" aria-label="Comments">
              <ThreadView
                title={props.title}
                thread={thread}
                replyHref={(id) => `${props.selfHref(id)}#respond`}
                navTarget="_self"
              />
              {thread.article.closed ? (
                <p class="no-comments">{props.closedText}</p>
              ) : (
                <ReplyForm
                  action="/api/comments/form"
                  site={props.site}
                  articleKey={thread.article.key}
                  articleUrl={props.articleUrl ?? ''}
                  articleTitle={props.title}
                  replyTo={replyTo}
                  cancelHref={`${props.selfHref(null)}#respond`}
                  navTarget="_self"
                />
              )}
            </section>
          </main>
        </body>
      </html>
    </>
  );
}

// A demo article: the article, then its comments through widget.js. The server-rendered thread and
// "Leave a Reply" form stand before the script tag as its fallback (data-parley-fallback), so the page
// works with JavaScript off; the widget replaces them once it has loaded.
import { html } from 'hono/html';
import type { Thread } from '../comments/reads.js';
import { findInThread } from '../comments/thread.js';
import type { DemoArticle } from './demo-articles.js';
import { Layout, PAGE_CSP } from './layout.js';
import { ReplyForm, ThreadView } from './thread.js';

export { demoArticle, demoArticles, findDemoArticle } from './demo-articles.js';

/** The pages' strict CSP, plus Parley's own scripts and API for the widget and count.js. */
export const DEMO_CSP = `${PAGE_CSP}; script-src 'self'; connect-src 'self'`;

export function DemoPage(props: { article: DemoArticle; thread: Thread; articleUrl: string; replyToId: number | null }) {
  const { article, thread } = props;
  const parent = props.replyToId === null ? null : findInThread(thread.comments, props.replyToId);
  const replyTo = parent?.author ? { id: parent.id, name: parent.author.name } : null;
  return (
    <Layout title={`${article.title} — Parley demo`}>
      <main>
        <p class="byline">
          <a href="/demo/index">All demo articles</a>
        </p>
        <article>
          <h1>{article.title}</h1>
          <p class="byline">By the Parley demo desk · a sample article for trying out comments</p>
          {article.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
        </article>
        <section id="comments" class="comments-area" aria-label="Comments">
          <div data-parley-fallback>
            <ThreadView
              title={article.title}
              thread={thread}
              replyHref={(id) => `${article.key}?replytocom=${id}#respond`}
            />
            {thread.article.closed ? (
              <p class="no-comments">Comments are closed.</p>
            ) : (
              <ReplyForm
                action="/api/comments/form"
                site={article.site}
                articleKey={article.key}
                articleUrl={props.articleUrl}
                articleTitle={article.title}
                replyTo={replyTo}
                cancelHref={`${article.key}#respond`}
              />
            )}
          </div>
          {/* Written as HTML: hono/jsx would hoist an async <script> into <head>, away from where the thread goes. */}
          {html`<script src="/widget.js" data-site="${article.site}" data-article="${article.key}" data-title="${article.title}" data-theme="auto" async></script>`}
        </section>
      </main>
    </Layout>
  );
}

/** /demo/index: the demo articles with their comment counts, filled in by count.js. */
export function DemoIndex(props: { articles: DemoArticle[] }) {
  return (
    <Layout title="Parley demo — all articles">
      <main>
        <h1>Parley demo</h1>
        <p class="byline">Every article with its number of comments, from one request by count.js.</p>
        <ul class="demo-index">
          {props.articles.map((article) => (
            <li>
              <a href={article.key}>{article.title}</a> ·{' '}
              <a href={`${article.key}#comments`}>
                <span data-parley-count={article.key}>–</span> comments
              </a>
            </li>
          ))}
        </ul>
        <script src="/count.js" data-site="demo" async></script>
      </main>
    </Layout>
  );
}

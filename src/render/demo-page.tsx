// The demo article at `/`: an article, its thread, and the "Leave a Reply" form, all without JavaScript.
import type { Thread } from '../comments/service.js';
import type { PublicComment } from '../comments/thread.js';
import { Layout } from './layout.js';
import { ReplyForm, ThreadView } from './thread.js';

export const demoArticle = {
  site: 'demo',
  key: '/',
  title: 'Town council approves riverside bike lanes',
  paragraphs: [
    'After a two-hour debate on Tuesday night, the town council voted 7–2 to build protected bike lanes along the riverside road, closing one of the two car lanes between the old mill and the railway bridge.',
    'Supporters said the change would make the route safe for children cycling to the new school. Opponents worried about deliveries to the shops on Mill Street, and the council agreed to keep two loading bays.',
    'Work is expected to start in the spring. What do you think of the plan? Leave a reply below: comments from first-time commenters are held for moderation.',
  ],
};

function findComment(comments: PublicComment[], id: number): PublicComment | null {
  for (const comment of comments) {
    if (comment.id === id) return comment;
    const inReplies = findComment(comment.replies, id);
    if (inReplies) return inReplies;
  }
  return null;
}

export function DemoPage(props: { thread: Thread; articleUrl: string; replyToId: number | null }) {
  const { thread } = props;
  const parent = props.replyToId === null ? null : findComment(thread.comments, props.replyToId);
  const replyTo = parent?.author ? { id: parent.id, name: parent.author.name } : null;
  return (
    <Layout title={`${demoArticle.title} — Parley demo`}>
      <main>
        <article>
          <h1>{demoArticle.title}</h1>
          <p class="byline">By the Parley demo desk · a sample article for trying out comments</p>
          {demoArticle.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
        </article>
        <section id="comments" class="comments-area" aria-label="Comments">
          <ThreadView
            title={demoArticle.title}
            count={thread.article.count}
            comments={thread.comments}
            closed={thread.article.closed}
            replyHref={(id) => `/?replytocom=${id}#respond`}
          />
          {thread.article.closed ? (
            <p class="no-comments">Comments are closed.</p>
          ) : (
            <ReplyForm
              action="/api/comments/form"
              site={demoArticle.site}
              articleKey={demoArticle.key}
              articleUrl={props.articleUrl}
              articleTitle={demoArticle.title}
              replyTo={replyTo}
              cancelHref="/#respond"
            />
          )}
        </section>
      </main>
    </Layout>
  );
}

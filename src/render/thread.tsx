// Server-rendered thread and "Leave a Reply" form, worded as WordPress words them. Works with JavaScript off.
import { raw } from 'hono/html';
import type { Thread } from '../comments/reads.js';
import type { PublicComment } from '../comments/thread.js';

function countHeading(count: number, title: string): string {
  if (count === 0) return 'Be the first to comment';
  return `${count} ${count === 1 ? 'Response' : 'Responses'} to “${title}”`;
}

interface CommentItemProps {
  comment: PublicComment;
  replyHref: (id: number) => string;
  canReply: boolean;
  /** This comment's level (1 = top) and the deepest level a reply may be on. */
  depth: number;
  maxDepth: number;
  /** Whether the site shows readers' reactions. */
  reactions: boolean;
  navTarget?: string;
}

function CommentItem(props: CommentItemProps) {
  const { comment } = props;
  const author = comment.author;
  return (
    <li id={`comment-${comment.id}`} class="comment">
      {/* An imported comment keeps its old anchor, so links such as #comment-1234 from the old site still land here. */}
      {comment.legacyAnchor && comment.legacyAnchor !== `comment-${comment.id}` && <span id={comment.legacyAnchor}></span>}
      <article class="comment-body">
        {author ? (
          <>
            <footer class="comment-meta">
              <img src={author.avatar} alt="" width="32" height="32" loading="lazy" />
              {author.url ? (
                <a class="comment-author" href={author.url} rel="nofollow ugc noopener">
                  {author.name}
                </a>
              ) : (
                <span class="comment-author">{author.name}</span>
              )}
              {author.moderator && <span class="moderator-badge">Moderator</span>}
              <time datetime={comment.createdAt} title={comment.createdAt}>
                {comment.createdAt.slice(0, 16).replace('T', ' ')} UTC
              </time>
              {comment.editedAt && <span>(edited)</span>}
            </footer>
            <div class="comment-content">{raw(comment.html)}</div>
            {props.canReply && props.depth < props.maxDepth && (
              <div class="reply">
                <a href={props.replyHref(comment.id)} target={props.navTarget} aria-label={`Reply to ${author.name}`}>
                  Reply
                </a>
              </div>
            )}
            <div class="comment-actions">
              {comment.featured && <span class="featured-badge">Featured</span>}{' '}
              {props.reactions && comment.reactions > 0 && (
                <span class="reactions">{comment.reactions === 1 ? '1 like' : `${comment.reactions} likes`}</span>
              )}{' '}
              <a href={`/report/${comment.id}`} target={props.navTarget} rel="nofollow" aria-label={`Report the comment by ${author.name}`}>
                Report
              </a>
            </div>
          </>
        ) : (
          <p class="deleted">This comment was deleted.</p>
        )}
      </article>
      {comment.replies.length > 0 && (
        <ol class="children">
          {comment.replies.map((reply) => (
            <CommentItem {...props} comment={reply} depth={props.depth + 1} />
          ))}
        </ol>
      )}
    </li>
  );
}

export interface ThreadViewProps {
  title: string;
  /** The thread as the service gives it: its article (count, closed, maxDepth) and comments. */
  thread: Thread;
  replyHref: (id: number) => string;
  /** `target` of the Reply links (the /embed page sets `_self` under its `<base target="_top">`). */
  navTarget?: string;
}

export function ThreadView(props: ThreadViewProps) {
  const { article, comments } = props.thread;
  return (
    <>
      <h2 class="comments-title">{countHeading(article.count, props.title)}</h2>
      <p id="comment-pending" class="pending-notice" role="status">
        Your comment is awaiting moderation. This is a preview; your comment will be visible after it has been approved.
      </p>
      {comments.length > 0 && (
        <ol class="comment-list">
          {comments.map((comment) => (
            <CommentItem
              comment={comment}
              replyHref={props.replyHref}
              canReply={!article.closed}
              depth={1}
              maxDepth={article.maxDepth}
              reactions={article.reactions}
              navTarget={props.navTarget}
            />
          ))}
        </ol>
      )}
    </>
  );
}

export interface ReplyFormProps {
  action: string;
  site: string;
  articleKey: string;
  articleUrl: string;
  articleTitle: string;
  replyTo: { id: number; name: string } | null;
  cancelHref: string;
  /** `target` of the Cancel reply link (see ThreadViewProps.navTarget). */
  navTarget?: string;
}

export function ReplyForm(props: ReplyFormProps) {
  return (
    <div id="respond" class="comment-respond">
      <h3 id="reply-title" class="comment-reply-title">
        {props.replyTo ? `Leave a Reply to ${props.replyTo.name}` : 'Leave a Reply'}{' '}
        {props.replyTo && (
          <small>
            <a rel="nofollow" id="cancel-comment-reply-link" href={props.cancelHref} target={props.navTarget}>
              Cancel reply
            </a>
          </small>
        )}
      </h3>
      <form action={props.action} method="post" id="commentform" class="comment-form">
        <p class="comment-notes">
          <span id="email-notes">Your email address will not be published.</span>{' '}
          <span class="required-field-message">
            Required fields are marked <span class="required">*</span>
          </span>
        </p>
        <p class="comment-form-comment">
          <label for="comment">
            Comment <span class="required">*</span>
          </label>
          <textarea id="comment" name="comment" cols={45} rows={8} maxlength={10000} required></textarea>
        </p>
        <p class="comment-form-author">
          <label for="author">
            Name <span class="required">*</span>
          </label>
          <input id="author" name="author" type="text" size={30} maxlength={100} autocomplete="name" required />
        </p>
        <p class="comment-form-email">
          <label for="email">
            Email <span class="required">*</span>
          </label>
          <input
            id="email"
            name="email"
            type="email"
            size={30}
            maxlength={254}
            aria-describedby="email-notes"
            autocomplete="email"
            required
          />
        </p>
        <p class="comment-form-url">
          <label for="url">Website</label>
          <input id="url" name="url" type="url" size={30} maxlength={2048} autocomplete="url" />
        </p>
        <p class="parley-hp" aria-hidden="true">
          <label for="homepage">Leave this field empty</label>
          <input id="homepage" name="homepage" type="text" tabindex={-1} autocomplete="off" />
        </p>
        <p class="comment-subscription-form">
          <input type="checkbox" name="subscribe" id="subscribe-replies" value="replies" />{' '}
          <label class="subscribe-label" for="subscribe-replies">
            Notify me of follow-up comments by email.
          </label>
        </p>
        <p class="comment-subscription-form">
          <input type="checkbox" name="subscribe" id="subscribe-article" value="article" />{' '}
          <label class="subscribe-label" for="subscribe-article">
            Notify me of new comments on this article by email.
          </label>
        </p>
        <p class="form-submit">
          <input name="submit" type="submit" id="submit" class="submit" value="Post Comment" />
          <input type="hidden" name="site" value={props.site} />
          <input type="hidden" name="article" value={props.articleKey} />
          <input type="hidden" name="articleUrl" value={props.articleUrl} />
          <input type="hidden" name="articleTitle" value={props.articleTitle} />
          <input type="hidden" name="comment_parent" id="comment_parent" value={String(props.replyTo?.id ?? 0)} />
        </p>
      </form>
      <p class="parley-manage">
        <a href={`/privacy?site=${encodeURIComponent(props.site)}`} target={props.navTarget}>
          Manage your comments
        </a>
      </p>
    </div>
  );
}

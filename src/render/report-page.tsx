// The no-JavaScript report form (GET /report/{id}) and its answer: a reader reports a comment to the moderators.
import { raw } from 'hono/html';
import type { PublicComment } from '../comments/thread.js';
import { Layout } from './layout.js';

const REASONS = [
  ['spam', 'Spam or advertising'],
  ['abuse', 'Abusive or hateful'],
  ['off_topic', 'Off topic'],
  ['other', 'Something else'],
] as const;

export function ReportPage(props: { comment: PublicComment; backUrl: string | null }) {
  const { comment } = props;
  return (
    <Layout title="Report a comment">
      <main class="report-page">
        <h1>Report a comment</h1>
        <blockquote class="comment-content">
          <p>
            <strong>{comment.author?.name ?? ''}</strong>
          </p>
          {raw(comment.html)}
        </blockquote>
        <form action={`/api/comments/${comment.id}/reports/form`} method="post">
          <fieldset>
            <legend>Why should the moderators look at it?</legend>
            {REASONS.map(([value, label], i) => (
              <p>
                <input type="radio" id={`reason-${value}`} name="reason" value={value} required checked={i === 0} />{' '}
                <label for={`reason-${value}`}>{label}</label>
              </p>
            ))}
          </fieldset>
          <p>
            <label for="text">Anything the moderators should know (optional)</label>
            <textarea id="text" name="text" rows={3} cols={45} maxlength={500}></textarea>
          </p>
          <p>Your report goes to the moderators only; it is never shown with the comment.</p>
          <p>
            <input type="submit" value="Send report" />
          </p>
        </form>
        {props.backUrl && (
          <p>
            <a href={`${props.backUrl}#comment-${comment.id}`}>« Back</a>
          </p>
        )}
      </main>
    </Layout>
  );
}

export function ReportedPage(props: { commentId: number; backUrl: string | null }) {
  return (
    <Layout title="Thank you for your report">
      <main class="report-page" role="status">
        <h1>Thank you</h1>
        <p>The moderators will look at the comment.</p>
        {props.backUrl && (
          <p>
            <a href={`${props.backUrl}#comment-${props.commentId}`}>« Back to the comments</a>
          </p>
        )}
      </main>
    </Layout>
  );
}

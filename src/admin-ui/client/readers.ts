// Row actions about readers: dismiss a comment's reports (the comment stays), feature and unfeature.
// The row is then rendered again by the server; in the Reported view a dismissed comment leaves the list.
import { comments } from './api.js';
import { announce } from './dom.js';
import { noticeBefore, refreshRow, rowId, setCurrent, showRowError } from './rows.js';

export type ReaderAction = 'dismiss' | 'feature' | 'unfeature';

export const isReaderAction = (value: string | undefined): value is ReaderAction =>
  value === 'dismiss' || value === 'feature' || value === 'unfeature';

const DONE: Record<ReaderAction, string> = {
  dismiss: 'Reports dismissed; the comment stays.',
  feature: 'Comment featured.',
  unfeature: 'Comment no longer featured.',
};

export async function readerAction(row: HTMLLIElement, action: ReaderAction): Promise<void> {
  if (row.hasAttribute('aria-busy')) return;
  const id = rowId(row);
  row.setAttribute('aria-busy', 'true');
  try {
    await comments.act(id, action === 'dismiss' ? 'reports/dismiss' : action);
    const reportedView = new URLSearchParams(location.search).get('reported') === 'true';
    if (action === 'dismiss' && reportedView) {
      const notice = noticeBefore(row, true);
      notice.textContent = DONE.dismiss;
      announce(DONE.dismiss);
      return;
    }
    const fresh = await refreshRow(id);
    setCurrent(fresh);
    announce(DONE[action]);
  } catch (err) {
    row.removeAttribute('aria-busy');
    showRowError(row, err);
  }
}

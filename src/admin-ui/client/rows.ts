// The rows of the comments list: which one is current (j/k), status actions on one row with their
// undo, the deferred permanent delete, and the tab counts kept up to date.
import { actionBack, allowed, doneMessage, isStatus, type Status, type StatusAction } from './actions.js';
import { ApiError, comments, fetchRow } from './api.js';
import { announce, el } from './dom.js';
import { offerUndo } from './undo.js';

export const allRows = () => Array.from(document.querySelectorAll<HTMLLIElement>('li.comment-row'));
export const visibleRows = () => allRows().filter((row) => !row.hidden);
export const rowId = (row: HTMLElement) => Number(row.dataset.id);
export const rowAuthor = (row: HTMLElement) => row.dataset.author ?? 'this author';
export const rowCheckbox = (row: HTMLElement) => row.querySelector<HTMLInputElement>('input.row-check');
export const rowById = (id: number) => document.getElementById(`comment-${id}`) as HTMLLIElement | null;

export function rowStatus(row: HTMLElement): Status {
  const status = row.dataset.status;
  return isStatus(status) ? status : 'pending';
}

export function rowOf(target: EventTarget | null): HTMLLIElement | null {
  return target instanceof Element ? target.closest<HTMLLIElement>('li.comment-row') : null;
}

/** The queue tabs show one status each, so a row whose status changes leaves the list. */
const inStatusTab = () => document.querySelector('[data-count]') !== null;

let current: HTMLLIElement | null = null;

export function currentRow(): HTMLLIElement | null {
  return current && current.isConnected && !current.hidden ? current : null;
}

export function setCurrent(row: HTMLLIElement, focus = true): void {
  if (current !== row) current?.classList.remove('is-current');
  current = row;
  row.classList.add('is-current');
  if (focus) {
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }
}

/** j / k: the next or previous visible row (the first one when none is current yet). */
export function move(step: 1 | -1): void {
  const rows = visibleRows();
  const row = currentRow();
  const at = row ? rows.indexOf(row) : -1;
  const next = at === -1 ? rows[step === 1 ? 0 : rows.length - 1] : rows[at + step];
  if (next) setCurrent(next);
  else if (rows.length === 0) announce('There are no comments here.');
}

/** After a row leaves the list, the focus goes on to the next row (or back to the previous one, or to the notice). */
function moveOnFrom(row: HTMLLIElement, notice: HTMLElement): void {
  const rows = allRows();
  const at = rows.indexOf(row);
  const next = rows.slice(at + 1).find((r) => !r.hidden) ?? rows.slice(0, at).reverse().find((r) => !r.hidden);
  if (next) return setCurrent(next);
  notice.tabIndex = -1;
  notice.focus();
}

function setBusy(row: HTMLElement, busy: boolean): void {
  if (busy) row.setAttribute('aria-busy', 'true');
  else row.removeAttribute('aria-busy');
  for (const button of row.querySelectorAll<HTMLButtonElement>('.row-actions button')) button.disabled = busy;
}

export function showRowError(row: HTMLElement, err: unknown): void {
  const message = err instanceof Error ? err.message : 'Something went wrong.';
  row.querySelector('.row-error')?.remove();
  row.querySelector('.row-main')?.append(el('p', { class: 'field-error row-error', role: 'alert' }, message));
}

/** A notice in the list just before the row; the row itself is hidden when it leaves the list. */
export function noticeBefore(row: HTMLLIElement, hideRow: boolean): HTMLLIElement {
  const notice = el('li', { class: 'undo-row', 'data-for': String(rowId(row)) });
  row.before(notice);
  if (hideRow) {
    const wasCurrent = currentRow() === row || row.contains(document.activeElement);
    row.hidden = true;
    if (wasCurrent) moveOnFrom(row, notice);
  }
  return notice;
}

/** Puts the server's fresh rendering of a comment in place of its row. */
export async function refreshRow(id: number): Promise<HTMLLIElement> {
  const fresh = await fetchRow(id);
  const old = rowById(id);
  if (old) {
    fresh.hidden = old.hidden;
    old.replaceWith(fresh);
  }
  return fresh;
}

/**
 * Approve, unapprove, spam, trash or restore one row, with "Comment approved. Undo". The row leaves
 * the list at once, so the next key already acts on the next comment; it comes back if the server says no.
 */
export async function changeStatus(row: HTMLLIElement, action: StatusAction): Promise<void> {
  const id = rowId(row);
  const before = rowStatus(row);
  if (row.hasAttribute('aria-busy')) return;
  if (!allowed(action, before)) {
    announce(`This comment is ${before}: it cannot be given “${action}”.`);
    return;
  }
  setBusy(row, true);
  const leaves = inStatusTab();
  const notice = noticeBefore(row, leaves);
  notice.textContent = 'Saving…';
  let now: Status;
  try {
    now = (await comments.act(id, action)).comment.status;
  } catch (err) {
    notice.remove();
    row.hidden = false;
    setBusy(row, false);
    showRowError(row, err);
    setCurrent(row);
    return;
  }
  if (!leaves) setCurrent(await refreshRow(id).catch(() => row));
  offerRowUndo(row, leaves, notice, doneMessage(action), async () => {
    const back = actionBack(before, now);
    if (back) await comments.act(id, back);
  });
}

/**
 * After a change to a row's comment: the Undo notice (in the row's place when the row `leaves`
 * the list). Undo runs `revert`, then shows the row again as it now is; when the time is up a
 * row that left is gone for good. The tab counts are refreshed either way.
 */
export function offerRowUndo(row: HTMLLIElement, leaves: boolean, notice: HTMLLIElement, message: string, revert: () => Promise<void>): void {
  offerUndo({
    notice,
    message,
    undo: async () => {
      await revert();
      const restored = leaves ? row : await refreshRow(rowId(row));
      restored.hidden = false;
      setBusy(restored, false);
      setCurrent(restored);
      void refreshCounts();
    },
    expire: () => {
      notice.remove();
      if (leaves) row.remove();
    },
  });
  void refreshCounts();
}

/** Delete permanently: the row goes at once, the DELETE is sent when the undo time is up. */
export function deleteForever(row: HTMLLIElement): void {
  const status = rowStatus(row);
  if (status !== 'spam' && status !== 'trash') {
    announce('Only comments in Spam or Trash can be deleted permanently.');
    return;
  }
  const notice = noticeBefore(row, true);
  offerUndo({
    notice,
    message: doneMessage('delete'),
    undo: async () => {
      row.hidden = false;
      setCurrent(row);
    },
    expire: async (leaving) => {
      try {
        await comments.purge(rowId(row), { keepalive: leaving });
      } catch (err) {
        row.hidden = false;
        throw err instanceof ApiError ? err : new Error('The comment was not deleted.');
      }
      notice.remove();
      row.remove();
      void refreshCounts();
    },
  });
}

/** Puts the latest counts in the tabs and the menu's pending bubble. */
export async function refreshCounts(): Promise<void> {
  let stats: Awaited<ReturnType<typeof comments.stats>>;
  try {
    stats = await comments.stats();
  } catch {
    return; // The counts are a convenience; the next page load corrects them.
  }
  const site = document.querySelector<HTMLElement>('[data-site-filter]')?.dataset.siteFilter;
  const counts = (site && stats.sites[site]) || stats.totals;
  for (const cell of document.querySelectorAll<HTMLElement>('[data-count]')) {
    const status = cell.dataset.count;
    if (isStatus(status)) cell.textContent = String(counts[status]);
  }
  const bubble = document.querySelector<HTMLElement>('[data-pending-bubble]');
  const number = bubble?.querySelector('[data-pending-count]');
  if (bubble && number) {
    number.textContent = String(stats.totals.pending);
    bubble.hidden = stats.totals.pending === 0;
  }
}

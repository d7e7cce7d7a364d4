// Checkboxes and bulk actions: select all, select one (x), and apply an action to every selected
// comment in one request, with one "3 comments marked as spam. Undo" notice.
import { actionBack, doneMessage, isStatusAction, type Status, type StatusAction } from './actions.js';
import { comments } from './api.js';
import { announce, el } from './dom.js';
import { refreshCounts, rowCheckbox, rowId, rowStatus, setCurrent, visibleRows } from './rows.js';
import { offerUndo } from './undo.js';

export function toggleSelected(row: HTMLLIElement, checked?: boolean): void {
  const box = rowCheckbox(row);
  if (!box) return;
  box.checked = checked ?? !box.checked;
  row.classList.toggle('is-selected', box.checked);
}

export function syncSelectAll(): void {
  const all = document.getElementById('select-all');
  if (!(all instanceof HTMLInputElement)) return;
  const boxes = visibleRows().map(rowCheckbox);
  const checked = boxes.filter((box) => box?.checked).length;
  all.checked = checked > 0 && checked === boxes.length;
  all.indeterminate = checked > 0 && checked < boxes.length;
}

function bulkNotice(): HTMLElement {
  const notice = el('div', { class: 'notice bulk-notice' });
  document.getElementById('notices')?.prepend(notice);
  return notice;
}

function hide(rows: HTMLLIElement[]): void {
  for (const row of rows) {
    toggleSelected(row, false);
    row.hidden = true;
  }
  syncSelectAll();
  const first = visibleRows()[0];
  if (first) setCurrent(first);
}

function show(rows: HTMLLIElement[]): void {
  for (const row of rows) row.hidden = false;
  const first = rows[0];
  if (first) setCurrent(first);
}

function deleteLater(rows: HTMLLIElement[]): void {
  const notice = bulkNotice();
  hide(rows);
  offerUndo({
    notice,
    message: doneMessage('delete', rows.length),
    undo: async () => show(rows),
    expire: async (leaving) => {
      const { results } = await comments.bulk(rows.map(rowId), 'delete', { keepalive: leaving });
      const deleted = new Set(results.filter((r) => r.ok).map((r) => r.id));
      for (const row of rows) {
        if (deleted.has(rowId(row))) row.remove();
        else row.hidden = false;
      }
      notice.remove();
      void refreshCounts();
      if (deleted.size < rows.length) announce(`${rows.length - deleted.size} comments could not be deleted.`);
    },
  });
}

async function changeAll(rows: HTMLLIElement[], action: StatusAction): Promise<void> {
  const before = new Map(rows.map((row) => [rowId(row), rowStatus(row)]));
  const { results } = await comments.bulk([...before.keys()], action);
  const done = results.filter((r) => r.ok);
  const changed = rows.filter((row) => done.some((r) => r.id === rowId(row)));
  const failed = results.filter((r) => !r.ok);
  const notice = bulkNotice();
  hide(changed);
  const failures = failed.length > 0 ? ` ${failed.length} could not be changed: ${failed[0]?.error?.message ?? ''}` : '';
  offerUndo({
    notice,
    message: doneMessage(action, changed.length) + failures,
    undo: async () => {
      // One request per status the comments came from (approved ones go back with approve, …).
      const groups = new Map<StatusAction, number[]>();
      for (const result of done) {
        const from = before.get(result.id);
        const back = from && result.status && result.status !== 'deleted' ? actionBack(from, result.status as Status) : null;
        if (back) groups.set(back, [...(groups.get(back) ?? []), result.id]);
      }
      for (const [back, ids] of groups) await comments.bulk(ids, back);
      show(changed);
      void refreshCounts();
    },
    expire: () => {
      notice.remove();
      for (const row of changed) row.remove();
    },
  });
  void refreshCounts();
}

export async function applyBulk(action: string): Promise<void> {
  const rows = visibleRows().filter((row) => rowCheckbox(row)?.checked);
  if (action === '') return announce('Choose a bulk action first.');
  if (rows.length === 0) return announce('Select at least one comment first.');
  if (action === 'delete') return deleteLater(rows);
  if (!isStatusAction(action)) return;
  try {
    await changeAll(rows, action);
  } catch (err) {
    const notice = bulkNotice();
    notice.classList.add('error');
    notice.textContent = err instanceof Error ? err.message : 'The bulk action failed.';
    announce(notice.textContent);
  }
}

export function initBulk(): void {
  const all = document.getElementById('select-all');
  all?.addEventListener('change', () => {
    if (!(all instanceof HTMLInputElement)) return;
    for (const row of visibleRows()) toggleSelected(row, all.checked);
  });
  document.getElementById('comment-list')?.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains('row-check')) return;
    box.closest('li.comment-row')?.classList.toggle('is-selected', box.checked);
    syncSelectAll();
  });
  document.getElementById('bulk-apply')?.addEventListener('click', () => {
    const select = document.getElementById('bulk-action');
    if (select instanceof HTMLSelectElement) void applyBulk(select.value);
  });
}

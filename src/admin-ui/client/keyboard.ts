// Keyboard triage: j/k move, a/u/s/t/Delete act on the current comment, r reply, e edit, x select,
// z undo, / search, ? the list of shortcuts. Keys typed into a field are left alone.
import { isStatusAction } from './actions.js';
import { toggleSelected, syncSelectAll } from './bulk.js';
import { announce, isTypingTarget } from './dom.js';
import { closeForms, openEdit, openReply } from './forms.js';
import { changeStatus, currentRow, deleteForever, move, visibleRows } from './rows.js';
import { undoLatest } from './undo.js';

const STATUS_KEYS: Record<string, string> = { a: 'approve', u: 'unapprove', s: 'spam', t: 'trash' };

export function openShortcuts(): void {
  const dialog = document.getElementById('shortcuts');
  if (dialog instanceof HTMLDialogElement && !dialog.open) dialog.showModal();
}

/** The row keys act on: the current one, else the first (so `a` works straight after the page loads). */
function target(): HTMLLIElement | null {
  const row = currentRow();
  if (row) return row;
  move(1);
  return currentRow();
}

function handle(key: string): boolean {
  if (key === 'j') move(1);
  else if (key === 'k') move(-1);
  else if (key === '?') openShortcuts();
  else if (key === 'z') {
    if (!undoLatest()) announce('There is nothing to undo.');
  } else if (key === '/') {
    const search = document.getElementById('filter-q');
    if (!(search instanceof HTMLInputElement)) return false;
    search.focus();
    search.select();
  } else if (key === 'Escape') {
    const row = currentRow();
    return row ? closeForms(row) : false;
  } else {
    const action = STATUS_KEYS[key];
    if (action === undefined && !['r', 'e', 'x', 'Delete'].includes(key)) return false;
    const row = target();
    if (!row) {
      announce(visibleRows().length === 0 ? 'There are no comments here.' : 'Choose a comment with j or k first.');
      return true;
    }
    if (isStatusAction(action)) void changeStatus(row, action);
    else if (key === 'Delete') deleteForever(row);
    else if (key === 'r') openReply(row);
    else if (key === 'e') void openEdit(row);
    else if (key === 'x') {
      toggleSelected(row);
      syncSelectAll();
    }
  }
  return true;
}

export function initKeyboard(): void {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (isTypingTarget(event.target)) return;
    if (document.querySelector('dialog[open]')) return; // The dialog handles its own keys (Esc closes it).
    if (handle(event.key)) event.preventDefault();
  });
  document.getElementById('shortcuts-open')?.addEventListener('click', openShortcuts);
}

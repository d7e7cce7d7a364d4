// The moderator UI's script (bundled by esbuild into /admin.js): row actions, bulk actions, inline
// reply and quick edit, undo and keyboard shortcuts on the comments screen. Other pages need none.
import { isStatusAction } from './client/actions.js';
import { initAkismetCheck } from './client/akismet.js';
import { initBans, toggleBanForm } from './client/bans.js';
import { initBulk } from './client/bulk.js';
import { openEdit, openReply } from './client/forms.js';
import { initKeyboard } from './client/keyboard.js';
import { isReaderAction, readerAction } from './client/readers.js';
import { changeStatus, deleteForever, rowOf, setCurrent } from './client/rows.js';

function initQueue(): void {
  const list = document.getElementById('comment-list');
  list?.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action]') : null;
    const row = rowOf(button);
    if (!button || !row) return;
    const action = button.dataset.action;
    setCurrent(row, false);
    if (isStatusAction(action)) void changeStatus(row, action);
    else if (action === 'delete') deleteForever(row);
    else if (action === 'reply') openReply(row);
    else if (action === 'edit') void openEdit(row);
    else if (isReaderAction(action)) void readerAction(row, action);
    else if (action === 'ban') toggleBanForm(button);
  });
  // Whatever has the focus (by Tab or by a click) makes its row the current one for the keys.
  list?.addEventListener('focusin', (event) => {
    const row = rowOf(event.target);
    if (row) setCurrent(row, false);
  });
  if (list) initBans(list);
  initBulk();
  initKeyboard();
}

if (document.body.dataset.page === 'queue') initQueue();
if (document.body.dataset.page === 'settings') initAkismetCheck();

// Inline forms under a row: Reply (posted as the moderator; replying to a pending comment approves
// it, as in WordPress) and Quick Edit (name, website, text). Both are undoable; Ctrl+Enter sends, Esc closes.
import { ApiError, comments, type AdminComment } from './api.js';
import { announce, el } from './dom.js';
import { noticeBefore, offerRowUndo, refreshRow, rowAuthor, rowId, rowStatus, setCurrent, showRowError } from './rows.js';
import { offerUndo } from './undo.js';

let formCount = 0;

export function closeForms(row: HTMLLIElement, focusRow = true): boolean {
  const forms = row.querySelectorAll('form.inline-form');
  forms.forEach((form) => form.remove());
  if (forms.length > 0 && focusRow) setCurrent(row);
  return forms.length > 0;
}

interface Field {
  name: 'body' | 'name' | 'url';
  label: string;
  value: string;
  multiline?: boolean;
  type?: 'text' | 'url';
  /** The field that gets the focus when the form opens (else the first). */
  focus?: boolean;
}

/** Builds an inline form under the row; when `send` throws, its field errors (or message) are shown in the form. */
function inlineForm(row: HTMLLIElement, title: string, submitLabel: string, fields: Field[], send: (values: Record<string, string>) => Promise<void>) {
  closeForms(row, false);
  const n = ++formCount;
  const form = el('form', { class: 'inline-form', 'aria-label': title, novalidate: true });
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<string, HTMLElement>();
  for (const field of fields) {
    const id = `inline-${n}-${field.name}`;
    const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const input = field.multiline
      ? el('textarea', { id, name: field.name, rows: '5', 'aria-describedby': `${id}-error` })
      : el('input', { id, name: field.name, type: field.type ?? 'text', 'aria-describedby': `${id}-error` });
    input.value = field.value;
    inputs.set(field.name, input);
    errors.set(field.name, error);
    form.append(el('label', { for: id }, field.label), error, input);
  }
  const formError = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', class: 'button button-primary' }, submitLabel);
  const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
  form.append(formError, el('div', { class: 'form-buttons' }, submit, cancel));

  const showErrors = (err: unknown) => {
    const fieldErrors = err instanceof ApiError ? err.fields : {};
    let first: HTMLElement | null = null;
    for (const [name, error] of errors) {
      const message = fieldErrors[name];
      const input = inputs.get(name);
      error.hidden = !message;
      error.textContent = message ?? '';
      input?.toggleAttribute('aria-invalid', Boolean(message));
      if (message && !first && input) first = input;
    }
    const general = Object.keys(fieldErrors).some((name) => errors.has(name)) ? '' : err instanceof Error ? err.message : 'That did not work.';
    formError.hidden = !general;
    formError.textContent = general;
    (first ?? inputs.values().next().value)?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    const values = Object.fromEntries([...inputs].map(([name, input]) => [name, input.value]));
    send(values)
      .catch(showErrors)
      .finally(() => {
        submit.disabled = false;
      });
  });
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeForms(row);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  cancel.addEventListener('click', () => closeForms(row));
  row.append(form);
  const first = fields.find((field) => field.focus) ?? fields[0];
  const input = first && inputs.get(first.name);
  input?.focus();
  // The caret goes to the end of the text, ready to add to it.
  if (input instanceof HTMLTextAreaElement) input.setSelectionRange(input.value.length, input.value.length);
}

export function openReply(row: HTMLLIElement): void {
  const id = rowId(row);
  const pending = rowStatus(row) === 'pending';
  inlineForm(row, `Reply to ${rowAuthor(row)}`, pending ? 'Approve and Reply' : 'Reply', [{ name: 'body', label: `Reply to ${rowAuthor(row)}`, value: '', multiline: true }], async ({ body }) => {
    if (!body?.trim()) throw new ApiError('Write a reply first.', 422, { body: 'Write a reply first.' });
    const reply = (await comments.reply(id, body)).comment;
    closeForms(row, false);
    // In the Pending tab the comment replied to is approved now, so it leaves the list.
    const leaves = pending && document.querySelector('[data-count]') !== null;
    const notice = noticeBefore(row, leaves);
    if (!leaves) setCurrent(await refreshRow(id).catch(() => row));
    offerRowUndo(row, leaves, notice, pending ? 'Reply posted and comment approved.' : 'Reply posted.', async () => {
      await comments.act(reply.id, 'trash');
      await comments.purge(reply.id);
      if (pending) await comments.act(id, 'unapprove');
    });
  });
}

const editableOf = (comment: AdminComment) => ({ name: comment.author?.name ?? '', url: comment.author?.url ?? '', body: comment.body });

export async function openEdit(row: HTMLLIElement): Promise<void> {
  const id = rowId(row);
  let comment: AdminComment;
  try {
    comment = (await comments.get(id)).comment;
  } catch (err) {
    showRowError(row, err);
    return;
  }
  if (comment.deleted) return announce('A comment its author deleted cannot be edited.');
  const old = editableOf(comment);
  inlineForm(
    row,
    `Quick edit the comment by ${old.name}`,
    'Update Comment',
    [
      { name: 'name', label: 'Name', value: old.name },
      { name: 'url', label: 'Website', value: old.url, type: 'url' },
      { name: 'body', label: 'Comment', value: old.body, multiline: true, focus: true },
    ],
    async (values) => {
      const change: { name?: string; url?: string; body?: string } = {};
      for (const key of ['name', 'url', 'body'] as const) if ((values[key] ?? '') !== old[key]) change[key] = values[key] ?? '';
      if (Object.keys(change).length === 0) {
        closeForms(row);
        return;
      }
      await comments.edit(id, change);
      const fresh = await refreshRow(id);
      const notice = noticeBefore(fresh, false);
      setCurrent(fresh);
      offerUndo({
        notice,
        message: 'Comment updated.',
        undo: async () => {
          const back: { name?: string; url?: string; body?: string } = {};
          for (const key of Object.keys(change) as Array<keyof typeof change>) back[key] = old[key];
          await comments.edit(id, back);
          const restored = await refreshRow(id);
          setCurrent(restored);
        },
        expire: () => notice.remove(),
      });
    },
  );
}

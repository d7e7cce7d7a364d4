// The keyboard shortcuts of the comments screen, shown by `?` (the script opens it as a modal dialog).
export const SHORTCUTS: Array<{ keys: string[]; does: string }> = [
  { keys: ['j', 'k'], does: 'Next / previous comment' },
  { keys: ['a'], does: 'Approve' },
  { keys: ['u'], does: 'Unapprove' },
  { keys: ['s'], does: 'Mark as spam' },
  { keys: ['t'], does: 'Move to Trash' },
  { keys: ['Delete'], does: 'Delete permanently (from Spam or Trash)' },
  { keys: ['r'], does: 'Reply' },
  { keys: ['e'], does: 'Quick edit' },
  { keys: ['x'], does: 'Select or unselect the comment' },
  { keys: ['z'], does: 'Undo the last action' },
  { keys: ['/'], does: 'Search comments' },
  { keys: ['Ctrl', 'Enter'], does: 'Send a reply or an edit' },
  { keys: ['Esc'], does: 'Close a form or this list' },
  { keys: ['?'], does: 'Show this list' },
];

export function ShortcutsDialog() {
  return (
    <dialog id="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map((shortcut) => (
          <>
            <dt>
              {shortcut.keys.map((key, i) => (
                <>
                  {i > 0 && (shortcut.keys[0] === 'Ctrl' ? ' + ' : ' / ')}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" class="button button-primary">
          Close
        </button>
      </form>
    </dialog>
  );
}

// "Comment approved. Undo": every action leaves a notice with an Undo button for a few seconds.
// Undoing applies the inverse action through the API; a permanent delete is only sent when the
// time is up (or the page is left), so it can be undone too.
import { el, announce } from './dom.js';

export const UNDO_MS = 8000;

export interface UndoOffer {
  /** The element that shows the message and the button (a row in the list, or a bulk notice). */
  notice: HTMLElement;
  message: string;
  /** Puts things back; throws an Error whose message is shown when it cannot. */
  undo: () => Promise<void>;
  /** When the time is up without an undo: commits a deferred action and tidies up. */
  expire: (leaving: boolean) => Promise<void> | void;
}

interface Active extends UndoOffer {
  timer: number;
  settled: boolean;
}

const active: Active[] = [];

function settle(entry: Active): boolean {
  if (entry.settled) return false;
  entry.settled = true;
  window.clearTimeout(entry.timer);
  active.splice(active.indexOf(entry), 1);
  return true;
}

async function runUndo(entry: Active): Promise<void> {
  if (!settle(entry)) return;
  const button = entry.notice.querySelector('button');
  if (button) button.disabled = true;
  try {
    await entry.undo();
    entry.notice.remove();
    announce('Undone.');
  } catch (err) {
    entry.notice.classList.add('error');
    entry.notice.replaceChildren(`Could not undo: ${err instanceof Error ? err.message : 'unknown error'}`);
    announce(entry.notice.textContent ?? '');
    window.setTimeout(() => entry.notice.remove(), UNDO_MS);
  }
}

function runExpire(entry: Active, leaving: boolean): void {
  if (!settle(entry)) return;
  void Promise.resolve(entry.expire(leaving)).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : 'unknown error';
    entry.notice.classList.add('error');
    entry.notice.replaceChildren(`That did not work: ${message}`);
    announce(entry.notice.textContent ?? '');
  });
}

export function offerUndo(offer: UndoOffer): void {
  const button = el('button', { type: 'button', class: 'button' }, 'Undo');
  offer.notice.replaceChildren(el('span', {}, offer.message), button);
  const entry: Active = { ...offer, settled: false, timer: 0 };
  entry.timer = window.setTimeout(() => runExpire(entry, false), UNDO_MS);
  button.addEventListener('click', () => void runUndo(entry));
  active.push(entry);
  announce(`${offer.message} Press z to undo.`);
}

/** Undoes the latest action that can still be undone (the `z` key); false when there is none. */
export function undoLatest(): boolean {
  const entry = active[active.length - 1];
  if (!entry) return false;
  void runUndo(entry);
  return true;
}

// Leaving the page ends every undo window now, so a deferred delete is still sent (with keepalive).
window.addEventListener('pagehide', () => {
  for (const entry of [...active]) runExpire(entry, true);
});

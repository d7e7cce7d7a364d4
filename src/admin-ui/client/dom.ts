// Small DOM helpers for the admin script. Elements are built from text only: nothing a commenter
// wrote ever goes through an HTML parser here (rows come back rendered by the server, see api.ts).

type Attributes = Record<string, string | boolean | undefined>;

/** `el('button', { type: 'button', class: 'link-button' }, 'Undo')` */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

/** Says something to screen readers through the page's polite live region. */
export function announce(message: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  // Clearing first makes the same message be announced again.
  live.textContent = '';
  window.setTimeout(() => {
    live.textContent = message;
  }, 50);
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return false;
}

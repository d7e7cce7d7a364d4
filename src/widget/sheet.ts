// Adding a stylesheet to a shadow root (its own module, so widget-report.js can add its rules without the widget's).

/** Adds a stylesheet: a constructed sheet (allowed under any page CSP), else a <style> element. */
export function applyStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

// widget.js: finds its own script tag, puts a Shadow DOM container where the tag is, and runs the
// comment thread and form in it. An element marked data-parley-fallback just before the tag (the
// no-JavaScript thread, say) is removed once the widget has loaded; if it cannot load, it stays.
import { createApi } from './api.js';
import { startWidget } from './controller.js';
import { readOptions } from './options.js';
import { applyStyles } from './sheet.js';
import { widgetCss } from './styles.js';

async function mount(script: HTMLScriptElement): Promise<void> {
  const options = readOptions(script);
  if (!options) return;
  script.setAttribute('data-parley-mounted', '');
  const host = document.createElement('div');
  host.setAttribute('data-parley', '');
  script.before(host);
  const shadow = host.attachShadow({ mode: 'open' });
  applyStyles(shadow, widgetCss);
  const previous = host.previousElementSibling;
  const fallback = previous?.hasAttribute('data-parley-fallback') ? previous : null;
  if (fallback) host.hidden = true;
  const ok = await startWidget(shadow, options, createApi(options.base));
  if (!fallback) return;
  if (ok) {
    fallback.remove();
    host.hidden = false;
  } else {
    host.remove();
  }
}

const current = document.currentScript;
const scripts =
  current instanceof HTMLScriptElement
    ? [current]
    : Array.from(document.querySelectorAll<HTMLScriptElement>('script[data-site][src*="widget.js"]:not([data-parley-mounted])'));
for (const script of scripts) void mount(script);

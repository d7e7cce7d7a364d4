// Loading one of the widget's lazily used ES modules (widget-report.js, widget-own.js) from the Parley
// server the widget came from, once; a failed load is forgotten, so the next click tries again.
const loading = new Map<string, Promise<unknown>>();

export function lazyModule<T>(base: URL, name: string): Promise<T> {
  let module = loading.get(name);
  if (!module) {
    module = import(new URL(name, base).href);
    module.catch(() => loading.delete(name));
    loading.set(name, module);
  }
  return module as Promise<T>;
}

// Starting one of the server's or the CLI's worker threads from wherever the code runs: the bundle
// beside dist/node/server.mjs and cli.mjs (`<name>.mjs`), or the TypeScript source through tsx's
// loader when it runs from src/ (tests, bin/parley.js when src/ is newer than the build).
import { Worker } from 'node:worker_threads';

export function startThread(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.mjs`, here), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

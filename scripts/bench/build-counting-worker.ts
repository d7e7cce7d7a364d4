// Builds the Worker whose D1 binding is wrapped by the bench's counter (worker-counting.ts): used by
// the `--worker` bench and by the tests that count D1 round trips (test/worker-counting.ts).
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './processes.js';

/** Bundles the counting Worker into `outfile` (under the project: workerd resolves the module's path from its root, and refuses ".."). */
export async function buildCountingWorker(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'scripts/bench/worker-counting.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    external: ['cloudflare:*', 'node:*'],
    outfile,
    logLevel: 'error',
  });
}

// The Worker with its D1 binding wrapped by the bench's counter (scripts/bench/worker-counting.ts),
// built with esbuild for the tests that count what a request costs in D1: GET /__bench/d1 answers
// the round trips and statements since the last read.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { buildCountingWorker } from '../scripts/bench/build-counting-worker.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface D1Counts {
  /** Statements run on their own. */
  queries: number;
  batches: number;
  statements: number;
  /** The SQL of each round trip (what to look at when a count is high). */
  sql: string[];
}

/** Builds the counting Worker before the file's tests (removed after them); answers its path. */
export function countingWorker(): string {
  // Under the project: workerd resolves the module's path from its root directory.
  const dir = join(ROOT, 'dist', `test-counting-worker-${process.pid}`);
  const script = join(dir, 'worker.js');
  before(async () => {
    mkdirSync(dir, { recursive: true });
    await buildCountingWorker(script);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return script;
}

// Runs the `parley` command (bin/parley.js, as `npx parley` does) as a child process, without blocking
// the event loop (a server or a stream of requests in the same test keeps going).
import { spawn } from 'node:child_process';
import { ROOT } from './server.js';

/** Runs `parley ARGS` (bin/parley.js, as `npx parley` does) without blocking the event loop. */
export function parleyAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['bin/parley.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolveRun({ code, out, err }));
  });
}

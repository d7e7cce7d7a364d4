// Start-up errors of the real server bundle (what `npm start` runs): a bad setting prints one plain
// line per problem, naming the setting, with no stack trace and no excerpt of the bundled source, and
// the process exits with status 1 before it creates anything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, tempDir } from './server.js';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs dist/node/server.mjs with only the given settings (none of the outer PARLEY_ ones), until it exits (10 s at most). */
function runServer(env: Record<string, string>): Promise<Ended> {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PARLEY_') && key !== 'PORT' && key !== 'HOST') base[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/node/server.mjs')], { cwd: ROOT, env: { ...base, HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not exit:\n${stdout}\n${stderr}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      // Let the pipes deliver what is left.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

/** The lines of stderr; each must be one plain sentence about a setting. */
function problemLines(ended: Ended): string[] {
  const lines = ended.stderr.split('\n').filter((line) => line !== '');
  for (const line of lines) {
    assert.match(line, /^Parley cannot start: /, `every line says Parley cannot start: ${line}`);
    assert.doesNotMatch(line, /^\s+at |server\.mjs|node:internal|\^/, `no stack or source excerpt: ${line}`);
  }
  assert.doesNotMatch(ended.stdout + ended.stderr, /\n\s+at |server\.mjs:\d+|^\s*\^+\s*$/m, 'no stack trace or bundled source anywhere');
  return lines;
}

describe('a bad setting at start', () => {
  test('PORT=abc prints one line naming PORT and what it is, and exits 1 without creating the database', async () => {
    const dir = tempDir();
    try {
      const dbFile = join(dir.path, 'parley.db');
      const ended = await runServer({ PORT: 'abc', PARLEY_DB: dbFile });
      assert.equal(ended.code, 1);
      const lines = problemLines(ended);
      assert.equal(lines.length, 1, ended.stderr);
      assert.match(lines[0] ?? '', /^Parley cannot start: PORT: .*number.*\(it is "abc"\)$/);
      assert.equal(existsSync(dbFile), false, 'nothing is created');
    } finally {
      dir.remove();
    }
  });

  test('several bad settings print one line each, and a secret is described by its length, never shown', async () => {
    const dir = tempDir();
    try {
      const ended = await runServer({
        PORT: '70000',
        PARLEY_BODY_LIMIT: 'lots',
        PARLEY_SECRET: 'hunter2',
        PARLEY_DEMO: 'maybe',
        PARLEY_DB: join(dir.path, 'parley.db'),
      });
      assert.equal(ended.code, 1);
      const lines = problemLines(ended);
      assert.equal(lines.length, 4, ended.stderr);
      for (const name of ['PORT', 'PARLEY_BODY_LIMIT', 'PARLEY_SECRET', 'PARLEY_DEMO']) {
        assert.equal(lines.filter((line) => line.startsWith(`Parley cannot start: ${name}: `)).length, 1, `one line for ${name}:\n${ended.stderr}`);
      }
      assert.ok(lines.some((line) => /PARLEY_SECRET: .*\(7 characters\)$/.test(line)), ended.stderr);
      assert.doesNotMatch(ended.stdout + ended.stderr, /hunter2/);
    } finally {
      dir.remove();
    }
  });

  test('setting only one of PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD says to set both', async () => {
    const dir = tempDir();
    try {
      const ended = await runServer({ PARLEY_ADMIN_EMAIL: 'editor@example.org', PARLEY_DB: join(dir.path, 'parley.db') });
      assert.equal(ended.code, 1);
      const lines = problemLines(ended);
      assert.deepEqual(lines, ['Parley cannot start: PARLEY_ADMIN_EMAIL: Set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD together (it is "editor@example.org")']);
    } finally {
      dir.remove();
    }
  });

  test('a PARLEY_DB that cannot be created prints one line naming PARLEY_DB and the path', async () => {
    const dir = tempDir();
    try {
      // A file where the database's directory should be.
      const blocker = join(dir.path, 'not-a-directory');
      writeFileSync(blocker, 'x');
      const dbFile = join(blocker, 'parley.db');
      const ended = await runServer({ PARLEY_DB: dbFile, PORT: '0' });
      assert.equal(ended.code, 1);
      const lines = problemLines(ended);
      assert.equal(lines.length, 1, ended.stderr);
      assert.ok(lines[0]?.startsWith(`Parley cannot start: PARLEY_DB (${dbFile}): `), ended.stderr);
    } finally {
      dir.remove();
    }
  });

  test('a PORT another program listens on prints one line saying so', async () => {
    const dir = tempDir();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const address = taken.address();
      assert.ok(address !== null && typeof address === 'object');
      const ended = await runServer({ PORT: String(address.port), PARLEY_DB: join(dir.path, 'parley.db') });
      assert.equal(ended.code, 1);
      const lines = problemLines(ended);
      assert.deepEqual(lines, [`Parley cannot start: PORT ${address.port} on HOST 127.0.0.1: the port is already in use by another program`]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
      dir.remove();
    }
  });
});

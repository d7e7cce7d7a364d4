// The container files, checked without Docker (images cannot be pulled on this machine): the Dockerfile
// copies files that exist and that .dockerignore lets through, runs what `npm start` runs, as a user
// that is not root, keeps the database in /data, and its HEALTHCHECK command passes against the real
// server; compose.yaml sets only settings Parley reads, with values it accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { configSchema, parseConfig } from '../src/config.js';
import { freePort, ROOT, startServer, tempDir } from './server.js';

interface Instruction {
  keyword: string;
  args: string;
  /** Index of the FROM it belongs to (0: the first stage). */
  stage: number;
}

/** The Dockerfile's instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(): Instruction[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = -1;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^(\S+)\s+(.*)$/.exec(trimmed);
    assert.ok(match, `an instruction: ${trimmed}`);
    const keyword = (match[1] ?? '').toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ keyword, args: (match[2] ?? '').replace(/\s+/g, ' ').trim(), stage });
  }
  return out;
}

const dockerfile = instructions();
const stages = dockerfile.filter((i) => i.keyword === 'FROM');
const finalStage = stages.length - 1;
const inFinal = (keyword: string) => dockerfile.filter((i) => i.stage === finalStage && i.keyword === keyword);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const settings = new Set([...Object.keys(configSchema.shape), 'NODE_ENV']);

/** `KEY=value KEY2=value` of an ENV instruction. */
const envOf = (args: string) => Object.fromEntries([...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/^"|"$/g, '')]));

describe('the Dockerfile', () => {
  test('is multi-stage on Node 20 slim images', () => {
    assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
    for (const from of stages) assert.match(from.args, /^node:20-(bookworm-)?slim\b/);
  });

  test('every file or directory it copies from the build context exists and is not excluded by .dockerignore', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const copies = dockerfile.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.args.startsWith('--from'));
    assert.ok(copies.length >= 3);
    for (const copy of copies) {
      const parts = copy.args.split(' ').filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: it exists`);
        const top = source.split('/')[0] ?? source;
        for (const pattern of ignored) assert.ok(!matchesGlob(source, pattern) && !matchesGlob(top, pattern), `COPY ${source} is not excluded by .dockerignore's ${pattern}`);
      }
    }
    for (const local of ['node_modules', 'data', 'dist', '.git', 'parley.db', 'parley.secret']) {
      assert.ok(ignored.some((pattern) => matchesGlob(local, pattern)), `.dockerignore keeps ${local} out of the build context`);
    }
  });

  test('the runtime stage copies from the build stage only what the build stage has or makes', () => {
    const built = new Set(['node_modules', 'dist']);
    for (const copy of dockerfile.filter((i) => i.stage < finalStage && i.keyword === 'COPY')) {
      for (const source of copy.args.split(' ').slice(0, -1)) built.add(source.replace(/^\.\//, ''));
    }
    const fromBuild = inFinal('COPY').filter((i) => i.args.startsWith('--from'));
    assert.ok(fromBuild.length >= 3);
    for (const copy of fromBuild) {
      const source = (copy.args.split(' ')[1] ?? '').replace(/^\/app\//, '');
      assert.ok([...built].some((have) => have === source || have.startsWith(`${source}/`)), `${source} is in the build stage`);
    }
  });

  test('its CMD is exactly what package.json\'s start script runs, and there is no ENTRYPOINT', () => {
    const cmds = inFinal('CMD');
    assert.equal(cmds.length, 1);
    const cmd = JSON.parse(cmds[0]?.args ?? '') as string[];
    assert.equal(cmd.join(' '), pkg.scripts.start);
    assert.equal(inFinal('ENTRYPOINT').length, 0);
  });

  test('it runs as a user that is not root, with the database in the /data volume', () => {
    const user = inFinal('USER').at(-1)?.args ?? 'root';
    assert.ok(!['root', '0', '0:0'].includes(user), `USER ${user}`);
    const env = Object.assign({}, ...inFinal('ENV').map((i) => envOf(i.args))) as Record<string, string>;
    assert.match(env.PARLEY_DB ?? '', /^\/data\//);
    for (const key of Object.keys(env)) assert.ok(settings.has(key), `ENV ${key} is a setting Parley reads`);
    assert.ok(inFinal('VOLUME').some((i) => i.args.includes('/data')));
    assert.ok(inFinal('RUN').some((i) => i.args.includes(`chown ${user}`) && i.args.includes('/data')), 'the user owns /data');
  });

  test('its HEALTHCHECK command passes against the real server and fails when nothing answers', async () => {
    const check = dockerfile.find((i) => i.keyword === 'HEALTHCHECK');
    assert.ok(check);
    const command = JSON.parse(check.args.slice(check.args.indexOf('CMD ') + 4)) as string[];
    assert.equal(command[0], 'node', 'slim images have no curl');
    assert.match(command.join(' '), /\/healthz/);
    const server = await startServer({ env: { PARLEY_LOG: 'false' } });
    try {
      const passed = spawnSync(process.execPath, command.slice(1), { env: { ...process.env, PORT: String(server.port) }, encoding: 'utf8', timeout: 10_000 });
      assert.equal(passed.status, 0, passed.stderr);
    } finally {
      await server.stop();
    }
    const nobody = await freePort();
    const failed = spawnSync(process.execPath, command.slice(1), { env: { ...process.env, PORT: String(nobody) }, encoding: 'utf8', timeout: 10_000 });
    assert.equal(failed.status, 1);
  });

  test('the parley command runs from the image\'s layout (the build without src/)', () => {
    const dir = tempDir('parley-image-');
    try {
      mkdirSync(join(dir.path, 'bin'));
      mkdirSync(join(dir.path, 'dist', 'node'), { recursive: true });
      copyFileSync(join(ROOT, 'bin', 'parley.js'), join(dir.path, 'bin', 'parley.js'));
      copyFileSync(join(ROOT, 'dist', 'node', 'cli.mjs'), join(dir.path, 'dist', 'node', 'cli.mjs'));
      copyFileSync(join(ROOT, 'package.json'), join(dir.path, 'package.json'));
      symlinkSync(join(ROOT, 'node_modules'), join(dir.path, 'node_modules'));
      const run = spawnSync(process.execPath, [join(dir.path, 'bin', 'parley.js'), '--help'], { encoding: 'utf8', cwd: dir.path });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /backup FILE/);
    } finally {
      dir.remove();
    }
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<string, { build?: string; environment?: Record<string, string>; volumes?: string[] }>;
    volumes?: Record<string, unknown>;
  };
  const service = Object.values(compose.services)[0];

  test('builds this Dockerfile and keeps the database in a named volume mounted at /data', () => {
    assert.ok(service);
    assert.equal(service.build, '.');
    const mount = (service.volumes ?? []).find((v) => v.endsWith(':/data'));
    assert.ok(mount, 'a volume at /data');
    assert.ok(compose.volumes && (mount.split(':')[0] ?? '') in compose.volumes, 'a named volume');
    assert.match(service.environment?.PARLEY_DB ?? '', /^\/data\//);
  });

  test('sets only settings Parley reads, and with placeholders filled in they pass its configuration check', () => {
    const environment = service?.environment ?? {};
    assert.ok(Object.keys(environment).length >= 5);
    for (const key of Object.keys(environment)) assert.ok(settings.has(key), `${key} is a setting Parley reads`);
    const filled: Record<string, string> = {};
    const placeholders: Record<string, string> = {
      PARLEY_ADMIN_PASSWORD: 'a-long-password',
      PARLEY_METRICS_TOKEN: 'a-scrape-token-0123456789',
      PARLEY_SMTP_URL: 'smtp://user:pass@mail.example.org:587',
    };
    for (const [key, value] of Object.entries(environment)) filled[key] = String(value).startsWith('${') ? (placeholders[key] ?? '') : String(value);
    assert.doesNotThrow(() => parseConfig(filled));
  });
});

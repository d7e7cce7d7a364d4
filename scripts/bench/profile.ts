// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the self time went, by function and by
// package. Usage: tsx scripts/bench/profile.ts {file.cpuprofile} [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/{pkg} or src/… or (native), so the table says whose code it is. */
function owner(url: string): string {
  if (url === '') return '(native/V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const local = /\/(src|scripts)\/(.*)$/.exec(url);
  if (local) return `${local[1]}/${local[2]}`;
  return url;
}

/** A rough breakdown by what the code is for. Native SQLite work shows as self time of the JS function that called it. */
function category(owner: string, fn: string): string {
  if (owner === 'better-sqlite3' || (owner === 'drizzle-orm' && /^(get|all|run|values)$/.test(fn))) return 'SQLite (statements, transactions)';
  if (owner === 'drizzle-orm') return 'Drizzle (building queries, mapping rows)';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === 'writev' || fn === 'writeUtf8String' || fn === 'writeBuffer' || /^node:(_http|net|stream)/.test(owner) || owner === '@hono/node-server')
    return 'HTTP: sockets and node:http';
  if (owner === 'hono' || owner === '@hono/zod-validator') return 'Hono (routing, context, middleware)';
  if (owner === 'zod' || owner === 'src/comments/input.ts' || owner === 'src/comments/text.ts') return 'validation (zod, text normalising)';
  if (['markdown-it', 'xss', 'linkify-it', 'mdurl', 'punycode.js', 'entities', 'uc.micro', 'cssfilter'].includes(owner) || owner === 'src/comments/render.ts')
    return 'rendering Markdown and sanitising';
  if (/^node:internal/.test(owner) && /(Module|compile|Worker|SyncRequest|AsyncRequest|loader|translate|link)/i.test(fn)) return 'loading modules (startup)';
  if (owner === 'tsx' || owner === 'esbuild') return 'loading modules (startup)';
  if (fn === 'Hmac' || fn === 'Hash' || owner === 'node:crypto' || owner === 'src/comments/crypto.ts') return 'hashing';
  if (owner.startsWith('src/')) return 'Parley code';
  return 'other (Node internals, V8)';
}

export function summarise(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  const byCategory = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const where = owner(url);
    const name = functionName.length > 60 ? `${functionName.slice(0, 57)}...` : functionName || '(anonymous)';
    const key = `${name}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byOwner.set(where, (byOwner.get(where) ?? 0) + us);
    const kind = category(where, functionName);
    byCategory.set(kind, (byCategory.get(kind) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
      .join('\n');
  return `busy ${(total / 1000).toFixed(0)} ms (idle excluded)\n\nself time by kind of work:\n${rows(byCategory)}\n\nself time by package/file:\n${rows(byOwner)}\n\nself time by function:\n${rows(byFunction)}\n`;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''));
if (isMain) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile.ts {file.cpuprofile} [top]');
  process.stdout.write(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25)));
}

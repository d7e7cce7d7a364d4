import { renderBody } from '/work/wt-post/src/comments/render.ts';
import { newCommentSchema } from '/work/wt-post/src/comments/input.ts';
import { nodeHashing } from '/work/wt-post/src/node/hashing.ts';
import MarkdownIt from 'markdown-it';
const bodies = Array.from({ length: 1000 }, (_, n) => `Comment abc-${n}: the *painted* lanes were never enough.` + (n % 5 === 0 ? ' See https://news.example.org/reports.' : ''));
const inputs = bodies.map((body, n) => JSON.parse(JSON.stringify({ site: 'bench', article: '/bench/posts-x', articleUrl: 'https://news.example.org/bench/posts-x', articleTitle: 'Posting benchmark', name: `Poster ${n}`, email: `poster${n}@example.org`, body })));
function time(label: string, f: (i: number) => unknown, n = 20000) {
  for (let i = 0; i < 2000; i++) f(i % 1000);
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i % 1000);
  console.log(label, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs');
}
const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false, maxNesting: 20 }).disable(['image', 'heading', 'lheading', 'table', 'hr', 'strikethrough', 'reference']);
time('renderBody', (i) => renderBody(bodies[i]!));
time('markdown only', (i) => md.render(bodies[i]!));
time('zod parse', (i) => newCommentSchema.parse(inputs[i]));
time('JSON.parse', (i) => JSON.parse(JSON.stringify(inputs[i])));
console.log(Object.keys(nodeHashing ?? {}));

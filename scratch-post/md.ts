import MarkdownIt from 'markdown-it';
import { FilterXSS } from 'xss';
import { renderBody } from '../src/comments/render.js';
const bodies = Array.from({ length: 1000 }, (_, n) => `Comment abc-${n}: the *painted* lanes were never enough.` + (n % 5 === 0 ? ' See https://news.example.org/reports.' : ''));
function time(label: string, f: (i: number) => unknown, n = 20000) {
  for (let i = 0; i < 3000; i++) f(i % 1000);
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i % 1000);
  console.log(label.padEnd(20), (((performance.now() - t) * 1000) / n).toFixed(2), 'µs');
}
const mk = (linkify: boolean) => new MarkdownIt('default', { html: false, linkify, breaks: true, typographer: false, maxNesting: 20 }).disable(['image', 'heading', 'lheading', 'table', 'hr', 'strikethrough', 'reference']);
const md = mk(true), nolink = mk(false);
const outs = bodies.map((b) => md.render(b));
const x = new FilterXSS({ whiteList: { p: [], em: [], a: ['href', 'rel'] } });
for (let k = 0; k < 2; k++) {
time('renderBody', (i) => renderBody(bodies[i]!));
time('md', (i) => md.render(bodies[i]!));
time('md no linkify', (i) => nolink.render(bodies[i]!));
time('md parse only', (i) => md.parse(bodies[i]!, {}));
time('xss', (i) => x.process(outs[i]!));
}

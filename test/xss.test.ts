// Hostile comment bodies, names and websites through the real stack: JSON in over HTTP, then the
// stored `html` column and the public thread checked with an HTML tag/attribute tokenizer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { siteSettingsSchema } from '../src/comments/settings.js';
import { ORIGIN, START, startService, type Service } from './helpers.js';

// ---------------------------------------------------------------------------------------------
// A small HTML tokenizer, close enough to the browser's to find every tag and attribute a browser
// would see (quoted and unquoted values, `/` as separator, names starting with `=`).

interface Attr {
  name: string;
  /** The value with character references decoded, as the browser sees it. */
  value: string;
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: Attr[];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  nbsp: '\u00a0',
  lpar: '(',
  rpar: ')',
  sol: '/',
  num: '#',
  semi: ';',
  excl: '!',
  period: '.',
  comma: ',',
  equals: '=',
};

function fromCodePoint(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}

/** Decodes character references the way a browser does in attribute values (`;` optional for numeric ones). */
function decodeEntities(value: string): string {
  return value.replace(
    /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));?/g,
    (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
      return (name !== undefined ? NAMED_ENTITIES[name.toLowerCase()] : undefined) ?? match;
    },
  );
}

const SPACE = /[\t\n\f\r ]/;

function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  const at = (k: number) => html.charAt(k);
  let i = html.indexOf('<');
  while (i !== -1) {
    let j = i + 1;
    const closing = at(j) === '/';
    if (closing) j++;
    if (!/[A-Za-z]/.test(at(j))) {
      i = html.indexOf('<', j);
      continue;
    }
    let name = '';
    while (j < html.length && !/[\t\n\f\r />]/.test(at(j))) name += at(j++);
    const attrs: Attr[] = [];
    for (;;) {
      while (j < html.length && (SPACE.test(at(j)) || at(j) === '/')) j++;
      if (j >= html.length || at(j) === '>') break;
      let attrName = at(j++);
      while (j < html.length && !/[\t\n\f\r />=]/.test(at(j))) attrName += at(j++);
      while (j < html.length && SPACE.test(at(j))) j++;
      let value = '';
      if (at(j) === '=') {
        j++;
        while (j < html.length && SPACE.test(at(j))) j++;
        const quote = at(j);
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, j + 1);
          value = html.slice(j + 1, end === -1 ? html.length : end);
          j = end === -1 ? html.length : end + 1;
        } else {
          while (j < html.length && !SPACE.test(at(j)) && at(j) !== '>') value += at(j++);
        }
      }
      attrs.push({ name: attrName.toLowerCase(), value: decodeEntities(value) });
    }
    tags.push({ name: name.toLowerCase(), closing, attrs });
    i = html.indexOf('<', j);
  }
  return tags;
}

/** The scheme a browser would give a URL attribute: C0/space trimmed, tabs and newlines removed. */
function schemeOf(url: string): string | null {
  const cleaned = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cleaned);
  return match?.[1]?.toLowerCase() ?? null;
}

const LINK_REL = 'nofollow ugc noopener';
/** What a comment's html may contain, tag by tag (the contract's Markdown-lite). */
const COMMENT_TAGS: Record<string, readonly string[]> = {
  p: [],
  br: [],
  em: [],
  strong: [],
  code: [],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'rel'],
};
const NEVER_TAGS = ['script', 'iframe', 'style', 'svg', 'img', 'object', 'embed', 'form', 'math', 'base', 'link', 'meta'];

/** Everything wrong with a comment's html, as readable sentences (empty when it is safe). */
function commentHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('contains <script');
  if (html.includes('<!')) problems.push('contains an HTML comment or declaration');
  for (const tag of tagsOf(html)) {
    if (NEVER_TAGS.includes(tag.name)) problems.push(`contains a <${tag.name}> tag`);
    const allowedAttrs = COMMENT_TAGS[tag.name];
    if (!allowedAttrs) {
      if (!NEVER_TAGS.includes(tag.name)) problems.push(`contains a <${tag.name}> tag outside the allowlist`);
      continue;
    }
    if (tag.closing) continue;
    for (const attr of tag.attrs) {
      if (/^on/i.test(attr.name)) problems.push(`<${tag.name}> has an event handler attribute ${attr.name}=`);
      else if (attr.name === 'style') problems.push(`<${tag.name}> has a style= attribute`);
      else if (!allowedAttrs.includes(attr.name)) problems.push(`<${tag.name}> has attribute ${attr.name}= outside the allowlist`);
    }
    if (tag.name === 'a') {
      const hrefs = tag.attrs.filter((a) => a.name === 'href');
      if (hrefs.length !== 1) problems.push(`<a> has ${hrefs.length} href attributes`);
      for (const href of hrefs) {
        const scheme = schemeOf(href.value);
        if (scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') {
          problems.push(`<a href="${href.value}"> has scheme ${scheme ?? '(none, relative)'}`);
        }
      }
      const rels = tag.attrs.filter((a) => a.name === 'rel').map((a) => a.value);
      if (rels.length !== 1 || rels[0] !== LINK_REL) problems.push(`<a> has rel ${JSON.stringify(rels)}, not "${LINK_REL}"`);
    }
  }
  // The tokenizer must have seen every `<a` the raw text has (guards against parser desync).
  const rawAnchors = html.match(/<a[\s/>]/gi)?.length ?? 0;
  const parsedAnchors = tagsOf(html).filter((t) => t.name === 'a' && !t.closing).length;
  if (rawAnchors !== parsedAnchors) problems.push(`has ${rawAnchors} raw <a but ${parsedAnchors} parsed anchors`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The public thread.

interface PublicCommentJson {
  id: number;
  parentId: number | null;
  author: { name: string; url: string | null; avatar: string; moderator: boolean } | null;
  html: string;
  replies: PublicCommentJson[];
}

interface ThreadJson {
  article: { key: string; count: number };
  comments: PublicCommentJson[];
  nextCursor: string | null;
}

interface PostedJson {
  comment: { id: number; html: string; status: string; author: { name: string; url: string | null } | null };
}

/** Every comment of a public thread (all pages, replies flattened), by id. */
async function publicComments(svc: Service, site: string, article: string): Promise<Map<number, PublicCommentJson>> {
  const found = new Map<number, PublicCommentJson>();
  const visit = (list: PublicCommentJson[]) => {
    for (const c of list) {
      found.set(c.id, c);
      visit(c.replies);
    }
  };
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const query = new URLSearchParams({ site, article, limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const res = await svc.request(`/api/comments?${query}`);
    assert.equal(res.status, 200, `GET /api/comments answered ${res.status}`);
    const thread = (await res.json()) as ThreadJson;
    visit(thread.comments);
    cursor = thread.nextCursor;
    if (!cursor) break;
  }
  return found;
}

const storedHtml = (svc: Service, id: number) =>
  svc.rows<{ html: string }>('select html from comments where id = ?', id)[0]?.html;

// ---------------------------------------------------------------------------------------------
// Hostile bodies. Each label names the trick; the body is what a commenter sends.

const JS_ENTITIES = '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058';

const HOSTILE_BODIES: ReadonlyArray<readonly [label: string, body: string]> = [
  // <script> in its spellings
  ['a plain <script> element', '<script>alert(1)</script>'],
  ['an upper-case <SCRIPT SRC> element', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>'],
  ['a <script> split around an inner <script>', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['a <script> with a type attribute', '<script type="text/javascript">alert(document.cookie)</script>'],
  ['a double-open <<script>', '<<script>alert(1)//<</script>'],
  ['an unclosed <script', 'hello <script'],
  ['a quote-breaking "><script>', '"><script>alert(1)</script>'],
  ['a </textarea> breakout', '</textarea><script>alert(1)</script>'],
  // event handlers
  ['an <img onerror>', '<img src=x onerror=alert(1)>'],
  ['an <img onerror> with entity-encoded code', '<img src="x" onerror="&#97;lert(1)">'],
  ['an <svg onload>', '<svg onload=alert(1)>'],
  ['an <svg/onload> with a slash separator', '<svg/onload=alert(1)>'],
  ['a <body onload>', '<body onload=alert(1)>'],
  ['a <div onmouseover>', '<div onmouseover="alert(1)">hover me</div>'],
  ['a raw <a href onclick>', '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ['a <details ontoggle>', '<details open ontoggle=alert(1)>'],
  ['an <input autofocus onfocus>', '<input autofocus onfocus=alert(1)>'],
  ['an unclosed <img onerror', '<img src=x onerror=alert(1)'],
  // javascript: in markdown links, every spelling
  ['a markdown link to javascript:', '[x](javascript:alert(1))'],
  ['a markdown link to JaVaScRiPt:', '[x](JaVaScRiPt:alert(1))'],
  ['a markdown link to javascript: with leading spaces', '[x](   javascript:alert(1))'],
  ['a markdown link to &#106;avascript:', '[x](&#106;avascript:alert(1))'],
  ['a markdown link to &#x6A;avascript:', '[x](&#x6A;avascript:alert(1))'],
  ['a markdown link to javascript: spelled with padded decimal entities', `[x](${JS_ENTITIES}alert(1))`],
  ['a markdown link to javascript&colon;', '[x](javascript&colon;alert(1))'],
  ['a markdown link to java<TAB>script: in angle brackets', '[x](<java\tscript:alert(1)>)'],
  ['a markdown link to jav&#x09;ascript:', '[x](jav&#x09;ascript:alert(1))'],
  ['a markdown link to java<NEWLINE>script:', '[x](<java\nscript:alert(1)>)'],
  ['a markdown link to percent-encoded %6Aavascript:', '[x](%6Aavascript:alert(1))'],
  ['a markdown link to javascript%3A', '[x](javascript%3Aalert(1))'],
  ['a markdown link to javascript: behind a control character', '[y](\u0001javascript:alert(2))'],
  ['a markdown link to javascript:// with an encoded newline', '[x](javascript://ok.example/%0Aalert(1))'],
  ['a markdown link to <javascript:> in angle brackets', '[x](<javascript:alert(1)>)'],
  ['a markdown link to vbscript:', '[x](vbscript:msgbox(1))'],
  ['a markdown link to data:text/html', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['a markdown link to data:image/svg+xml', '[x](<data:image/svg+xml;utf8,<svg onload=alert(1)>>)'],
  ['a protocol-relative markdown link', '[x](//evil.example/)'],
  ['a markdown image with javascript:', '![x](javascript:alert(1))'],
  ['a markdown image with an onerror in its url', '![x](https://ok.example/x.png" onerror="alert(1))'],
  // autolinks
  ['an autolink to javascript:', '<javascript:alert(1)>'],
  ['an autolink to JAVASCRIPT:', '<JAVASCRIPT:alert(1)>'],
  ['an autolink to data:text/html', '<data:text/html,<script>alert(1)</script>>'],
  ['an autolink followed by a <script>', '<https://ok.example/><script>alert(1)</script>'],
  ['bare javascript: text', 'javascript:alert(1)'],
  // reference links
  ['a reference link to javascript:', '[x][1]\n\n[1]: javascript:alert(1)'],
  ['a shortcut reference link to javascript:', '[x]\n\n[x]: javascript:alert(1)'],
  ['a reference definition with a quote-breaking title', '[x][1]\n\n[1]: https://ok.example "t\\" onmouseover=\\"alert(1)"'],
  // nested brackets and titles
  ['a javascript: link nested inside an https link', '[[x](javascript:alert(1))](https://ok.example)'],
  ['a javascript: link in the middle of a link text', '[a [b](javascript:alert(1)) c](https://ok.example)'],
  ['an https link followed by (javascript:)', '[x](https://ok.example)(javascript:alert(1))'],
  ['a link title with double quotes', '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")'],
  ['a link title with single quotes', "[x](https://ok.example 'a\\' onclick=\\'alert(1)')"],
  // attribute injection via quotes in URLs
  ['a markdown link whose url closes the href quote', '[x](https://ok.example/"onmouseover="alert(1))'],
  ['a markdown link whose url has single quotes', "[x](https://ok.example/'onclick='alert(1)')"],
  ['a bare url that closes the href quote', 'https://ok.example/"><script>alert(1)</script>'],
  ['a bare url with an onmouseover in its query', 'https://ok.example/?a=1&b="onmouseover=alert(1)'],
  ['a fuzzy www. link that closes the href quote', 'www.example.org/"onmouseover="alert(1)'],
  ['a raw <a href=javascript:>', '<a href="javascript:alert(1)">x</a>'],
  ['a raw <a> with an unclosed href', '<a href="https://ok.example'],
  // HTML comments, frames, styles, objects, forms
  ['an HTML comment hiding a <script>', '<!-- <script>alert(1)</script> -->'],
  ['an HTML comment trick <!--><img onerror>', '<!--><img src=x onerror=alert(1)>-->'],
  ['an <iframe src=javascript:>', '<iframe src="javascript:alert(1)"></iframe>'],
  ['a <style> block', '<style>*{background:url(javascript:alert(1))}</style>'],
  ['a style= attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['an <object data>', '<object data="javascript:alert(1)"></object>'],
  ['an <embed src>', '<embed src="javascript:alert(1)">'],
  ['a <form action=javascript:>', '<form action="javascript:alert(1)"><button>x</button></form>'],
  ['an svg xlink:href', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['a math/style mutation-XSS payload', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['a noscript title mutation-XSS payload', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  // code, quotes and lists
  ['a <script> inside inline code', '`<script>alert(1)</script>`'],
  ['a <script> inside a fenced code block', '```html\n<script>alert(1)</script>\n```'],
  ['hostile html inside a block quote', '> <script>alert(1)</script>\n> [x](javascript:alert(1))'],
  ['hostile html inside a list', '- [x](javascript:alert(1))\n- <img src=x onerror=alert(1)>'],
  ['a pre-escaped &lt;script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['a numerically escaped &#60;script&#62;', '&#60;script&#62;alert(1)&#60;/script&#62;'],
  // unicode tricks
  ['fullwidth ｊａｖａｓｃｒｉｐｔ: as text and as a link', 'ｊａｖａｓｃｒｉｐｔ:alert(1) [x](ｊａｖａｓｃｒｉｐｔ:alert(1))'],
  ['a javascript: link with a zero-width space inside the scheme', '[x](java\u200Bscript:alert(1))'],
  ['a javascript: link with a leading zero-width space', '[x](\u200Bjavascript:alert(1))'],
  ['a javascript: link with a fullwidth colon', '[x](javascript\uFF1Aalert(1))'],
  ['fullwidth angle brackets around script', '＜script＞alert(1)＜/script＞'],
  ['a right-to-left override before a <script>', '\u202E<script>alert(2)</script>'],
  ['a null byte inside the url', '[x](https://ok.example/\u0000javascript:alert(1))'],
];

describe('the html checker these tests rely on', () => {
  test('it flags executable or off-list html and passes the allowlist', () => {
    const bad = [
      '<script>alert(1)</script>',
      '<p><SCRIPT>x</SCRIPT></p>',
      '<img src=x onerror=alert(1)>',
      '<p/onclick=alert(1)>x</p>',
      '<a href="https://ok.example" rel="nofollow ugc noopener" onmouseover=alert(1)>x</a>',
      '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href="&#106;avascript:alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href="&#x6A;avascript&colon;alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href=" java\tscript:alert(1)" rel="nofollow ugc noopener">x</a>',
      "<a href='data:text/html,x' rel='nofollow ugc noopener'>x</a>",
      '<a href="/relative" rel="nofollow ugc noopener">x</a>',
      '<a href="https://ok.example">no rel</a>',
      '<p style="color:red">x</p>',
      '<iframe src="https://ok.example"></iframe>',
      '<svg></svg>',
      '<!-- x -->',
      '<span>x</span>',
    ];
    for (const html of bad) assert.notDeepEqual(commentHtmlProblems(html), [], html);
    const good = [
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>',
      '<p><a href="https://ok.example/%22onmouseover=%22x" rel="nofollow ugc noopener">https://ok.example/&quot;onmouseover=&quot;x</a></p>',
      '<p><a href="mailto:a@example.org" rel="nofollow ugc noopener">a</a></p>',
      '<ol start="3"><li><em>x</em> <strong>y</strong> <code>z</code></li></ol><blockquote><pre><code>q</code></pre></blockquote><br>',
    ];
    for (const html of good) assert.deepEqual(commentHtmlProblems(html), [], html);
  });
});

describe('hostile comment bodies', () => {
  let svc: Service;
  const posted = new Map<string, { status: number; id: number | null; response: PostedJson | null }>();
  let served = new Map<number, PublicCommentJson>();

  before(async () => {
    svc = await startService({ settings: { approval: 'none', maxLinks: 0, floodSeconds: 0 } });
    for (const [label, body] of HOSTILE_BODIES) {
      const res = await svc.post({ article: '/hostile-bodies', body });
      const json = res.status === 201 ? ((await res.json()) as PostedJson) : null;
      posted.set(label, { status: res.status, id: json?.comment.id ?? null, response: json });
    }
    served = await publicComments(svc, 'news', '/hostile-bodies');
  });

  after(() => svc.close());

  test('the list has at least 50 distinct hostile bodies', () => {
    assert.ok(HOSTILE_BODIES.length >= 50);
    assert.equal(new Set(HOSTILE_BODIES.map(([, body]) => body)).size, HOSTILE_BODIES.length);
    assert.equal(new Set(HOSTILE_BODIES.map(([label]) => label)).size, HOSTILE_BODIES.length);
  });

  for (const [label, body] of HOSTILE_BODIES) {
    test(`${label} is published with no executable html, stored or served`, () => {
      const result = posted.get(label);
      assert.ok(result, 'the post was made');
      assert.equal(result.status, 201, `POST answered ${result.status} for ${JSON.stringify(body)}`);
      assert.ok(result.id !== null && result.response !== null);
      assert.equal(result.response.comment.status, 'approved');

      const stored = storedHtml(svc, result.id);
      assert.equal(typeof stored, 'string', 'the comment row exists');
      assert.deepEqual(commentHtmlProblems(stored ?? ''), [], `stored html: ${stored}`);
      assert.deepEqual(commentHtmlProblems(result.response.comment.html), [], `201 response html: ${result.response.comment.html}`);

      const publicComment = served.get(result.id);
      assert.ok(publicComment, 'the approved comment is in the public thread');
      assert.equal(publicComment.html, stored, 'the thread serves the stored html');
      assert.deepEqual(commentHtmlProblems(publicComment.html), [], `served html: ${publicComment.html}`);
    });
  }

  test('raw HTML in a body is shown as escaped text', () => {
    const id = posted.get('a plain <script> element')?.id;
    assert.ok(id);
    assert.equal(storedHtml(svc, id), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    const img = posted.get('an <img onerror>')?.id;
    assert.ok(img);
    assert.equal(storedHtml(svc, img), '<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  test('no spelling of javascript:, vbscript: or data: becomes a link at all', () => {
    // Every body that names no http(s) address must come out with no anchor at all.
    const linkless = HOSTILE_BODIES.filter(
      ([label, body]) => /javascript|vbscript|data:|protocol-relative/i.test(label) && !/https?:\/\/|www\./i.test(body),
    );
    assert.ok(linkless.length >= 25);
    const withAnchors = linkless
      .map(([label]) => [label, storedHtml(svc, posted.get(label)?.id ?? -1) ?? ''] as const)
      .filter(([, html]) => /<a[\s>]/i.test(html));
    assert.deepEqual(withAnchors, []);
  });

  test('the source of a hostile body is kept as sent', () => {
    const id = posted.get('an <svg onload>')?.id;
    assert.ok(id);
    const [row] = svc.rows<{ body_source: string }>('select body_source from comments where id = ?', id);
    assert.equal(row?.body_source, '<svg onload=alert(1)>');
  });

  test('a link title cannot add attributes: the anchor carries only href and rel', () => {
    for (const label of ['a link title with double quotes', 'a link title with single quotes']) {
      const html = storedHtml(svc, posted.get(label)?.id ?? -1) ?? '';
      const anchors = tagsOf(html).filter((t) => t.name === 'a' && !t.closing);
      assert.equal(anchors.length, 1, `${label}: ${html}`);
      assert.deepEqual(
        anchors[0]?.attrs.map((a) => a.name).sort(),
        ['href', 'rel'],
        `${label}: ${html}`,
      );
      assert.equal(anchors[0]?.attrs.find((a) => a.name === 'href')?.value, 'https://ok.example');
    }
  });

  test('quotes in a linked URL are percent-encoded, never closing the href', () => {
    const html = storedHtml(svc, posted.get('a bare url that closes the href quote')?.id ?? -1) ?? '';
    const anchors = tagsOf(html).filter((t) => t.name === 'a' && !t.closing);
    assert.equal(anchors.length, 1, html);
    const href = anchors[0]?.attrs.find((a) => a.name === 'href')?.value ?? '';
    assert.ok(href.startsWith('https://ok.example/'), href);
    assert.doesNotMatch(href, /["<>]/);
  });
});

describe('the Markdown-lite a comment may use still renders', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { approval: 'none', maxLinks: 0, floodSeconds: 0 } });
  });
  after(() => svc.close());

  const render = async (body: string) => {
    const res = await svc.post({ article: '/markdown-lite', body });
    assert.equal(res.status, 201);
    const { comment } = (await res.json()) as PostedJson;
    const stored = storedHtml(svc, comment.id) ?? '';
    assert.deepEqual(commentHtmlProblems(stored), [], stored);
    return stored;
  };

  test('**bold** becomes <strong> and *em* becomes <em>', async () => {
    assert.equal(await render('I agree with **this** and *that*.'), '<p>I agree with <strong>this</strong> and <em>that</em>.</p>');
  });

  test('a bare https address becomes a link with rel="nofollow ugc noopener"', async () => {
    assert.equal(
      await render('See https://example.org/report for details.'),
      '<p>See <a href="https://example.org/report" rel="nofollow ugc noopener">https://example.org/report</a> for details.</p>',
    );
  });

  test('a markdown https link keeps its text and gets the rel', async () => {
    assert.equal(
      await render('[the report](https://example.org/report)'),
      '<p><a href="https://example.org/report" rel="nofollow ugc noopener">the report</a></p>',
    );
  });

  test('a mailto link is allowed and gets the rel', async () => {
    assert.equal(
      await render('[write to me](mailto:amal@example.org)'),
      '<p><a href="mailto:amal@example.org" rel="nofollow ugc noopener">write to me</a></p>',
    );
  });

  test('inline code, quotes and lists render as their allowed tags', async () => {
    const html = await render('> quoted\n\n- one\n- two\n\n`x < y`');
    assert.match(html, /<blockquote>\s*<p>quoted<\/p>\s*<\/blockquote>/);
    assert.match(html, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    assert.match(html, /<code>x &lt; y<\/code>/);
  });
});

// ---------------------------------------------------------------------------------------------
// Names and websites.

const HOSTILE_NAMES: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  'javascript:alert(1)',
  '</textarea><script>alert(1)</script>',
  '<!-- x -->',
  '&lt;b&gt;Amal&lt;/b&gt;',
  '<a href="javascript:alert(1)">Amal</a>',
  'Amal\u200B\u200Dzero-width',
  'ｊａｖａｓｃｒｉｐｔ:alert(1)',
];

const REJECTED_WEBSITES: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  '   javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '&#106;avascript:alert(1)',
  '&#x6A;avascript:alert(1)',
  '%6Aavascript:alert(1)',
  'javascript://example.org/%0Aalert(1)',
  '\u200Bjavascript:alert(1)',
  'ｊａｖａｓｃｒｉｐｔ:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  '//evil.example/',
  'file:///etc/passwd',
  'ftp://example.org/',
  'mailto:amal@example.org',
  'https://',
  '"><script>alert(1)</script>',
];

/** Accepted because they are http(s) URLs; the stored form must be normalised and inert. */
const TRICKY_WEBSITES: readonly string[] = [
  'https://ok.example/"><script>alert(1)</script>',
  'https://ok.example/ onmouseover=alert(1)',
  "https://ok.example/?q='onclick='alert(1)",
  'HTTPS://OK.EXAMPLE/Path',
  '  https://ok.example/padded  ',
];

describe('hostile names and websites', () => {
  let svc: Service;
  before(async () => {
    svc = await startService({ settings: { approval: 'none', maxLinks: 0, floodSeconds: 0 } });
  });
  after(() => svc.close());

  test('a hostile name is stored and served as the plain text that was sent', async () => {
    const ids = new Map<string, number>();
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const res = await svc.post({ article: '/hostile-names', name, email: `name${i}@example.org`, body: `Name test ${i}` });
      assert.equal(res.status, 201, `POST with name ${JSON.stringify(name)} answered ${res.status}`);
      const { comment } = (await res.json()) as PostedJson;
      assert.equal(comment.author?.name, name);
      ids.set(name, comment.id);
    }
    const served = await publicComments(svc, 'news', '/hostile-names');
    for (const [name, id] of ids) {
      const [row] = svc.rows<{ name: string }>('select name from comments where id = ?', id);
      assert.equal(row?.name, name, 'stored verbatim');
      assert.equal(served.get(id)?.author?.name, name, 'served verbatim as a JSON string');
    }
  });

  test('bidi overrides and control characters are removed from a name, the rest kept', async () => {
    const res = await svc.post({
      article: '/hostile-names',
      name: '\u202EAmal\u0000\u0007 <b>\u2066x\u2069',
      email: 'bidi@example.org',
      body: 'Bidi name',
    });
    assert.equal(res.status, 201);
    const { comment } = (await res.json()) as PostedJson;
    const [row] = svc.rows<{ name: string }>('select name from comments where id = ?', comment.id);
    assert.equal(row?.name, 'Amal <b>x');
    assert.equal(comment.author?.name, 'Amal <b>x');
  });

  test('a website that is not an http(s) URL is refused with 422 validation_failed and nothing is stored', async () => {
    const wrong: string[] = [];
    for (const [i, url] of REJECTED_WEBSITES.entries()) {
      const before = svc.count();
      const res = await svc.post({ article: '/hostile-urls', url, email: `url${i}@example.org`, body: `Rejected url ${i}` });
      const json = (await res.json()) as { error?: { code?: string; fields?: Record<string, string> } };
      const after = svc.count();
      if (res.status !== 422 || json.error?.code !== 'validation_failed' || !json.error.fields?.url || after !== before) {
        wrong.push(`${JSON.stringify(url)} → ${res.status} ${JSON.stringify(json)} (rows ${before} → ${after})`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(svc.count('select count(*) as n from comments where url is not null and url not like ?', 'http%'), 0);
  });

  test('an article address that is not an http(s) URL is refused and nothing is stored', async () => {
    for (const articleUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'JAVASCRIPT:alert(1)']) {
      const before = svc.count();
      const res = await svc.post({ article: '/hostile-urls', articleUrl, body: `Bad article url ${articleUrl}` });
      assert.equal(res.status, 422, articleUrl);
      const json = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
      assert.equal(json.error.code, 'validation_failed');
      assert.ok(json.error.fields?.articleUrl);
      assert.equal(svc.count(), before);
    }
  });

  test('a tricky http(s) website is stored normalised, with no quotes, brackets or spaces', async () => {
    for (const [i, url] of TRICKY_WEBSITES.entries()) {
      const res = await svc.post({ article: '/tricky-urls', url, email: `tricky${i}@example.org`, body: `Tricky url ${i}` });
      assert.equal(res.status, 201, `${JSON.stringify(url)} answered ${res.status}`);
      const { comment } = (await res.json()) as PostedJson;
      const [row] = svc.rows<{ url: string | null }>('select url from comments where id = ?', comment.id);
      const stored = row?.url ?? '';
      assert.match(stored, /^https:\/\/ok\.example\//i, stored);
      assert.doesNotMatch(stored, /["<>\s]/, stored);
      assert.equal(new URL(stored).href, stored, 'stored in its normalised form');
      assert.equal(comment.author?.url, stored);
    }
    const served = await publicComments(svc, 'news', '/tricky-urls');
    for (const comment of served.values()) {
      assert.ok(['http', 'https'].includes(schemeOf(comment.author?.url ?? '') ?? ''), comment.author?.url ?? 'null');
    }
  });
});

describe('the server-rendered demo page with hostile names and websites', () => {
  let svc: Service;
  const ids = new Map<string, number>();
  let page = '';

  before(async () => {
    svc = await startService({ settings: { approval: 'none', maxLinks: 0, floodSeconds: 0 } });
    await svc.store.saveSite(
      'demo',
      siteSettingsSchema.parse({ origins: [ORIGIN], approval: 'none', maxLinks: 0, floodSeconds: 0 }),
      START,
    );
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const res = await svc.post({
        site: 'demo',
        article: '/',
        articleUrl: `${ORIGIN}/`,
        name,
        email: `demo${i}@example.org`,
        url: TRICKY_WEBSITES[i % TRICKY_WEBSITES.length],
        body: `Demo ${i} <script>alert(${i})</script> [x](javascript:alert(${i}))`,
      });
      assert.equal(res.status, 201, `demo post ${i} answered ${res.status}`);
      ids.set(name, ((await res.json()) as PostedJson).comment.id);
    }
    const res = await svc.request('/');
    assert.equal(res.status, 200);
    page = await res.text();
  });

  after(() => svc.close());

  const pageProblems = (html: string): string[] => {
    const problems: string[] = [];
    for (const tag of tagsOf(html)) {
      if (tag.closing) continue;
      // The demo page's one script is widget.js itself (tested in a real browser by test/widget-*.test.ts).
      const widgetScript =
        tag.name === 'script' &&
        tag.attrs.some((a) => a.name === 'src' && a.value === '/widget.js') &&
        tag.attrs.every((a) => a.name === 'src' || a.name === 'async' || a.name.startsWith('data-'));
      if (['script', 'iframe', 'svg', 'object', 'embed', 'style', 'math', 'base'].includes(tag.name) && !widgetScript) problems.push(`<${tag.name}> tag`);
      for (const attr of tag.attrs) {
        if (/^on/i.test(attr.name)) problems.push(`<${tag.name} ${attr.name}=>`);
        if (attr.name === 'style') problems.push(`<${tag.name} style=>`);
        if (attr.name === 'href' || attr.name === 'src' || attr.name === 'action') {
          const scheme = schemeOf(attr.value);
          const relative = scheme === null && /^[/#]/.test(attr.value) && !attr.value.startsWith('//');
          if (!relative && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') {
            problems.push(`<${tag.name} ${attr.name}="${attr.value}">`);
          }
        }
        if (tag.name === 'img' && attr.name === 'src' && !attr.value.startsWith('/avatars/')) problems.push(`<img src="${attr.value}">`);
      }
    }
    return problems;
  };

  test('the page lists every hostile comment', () => {
    for (const id of ids.values()) assert.ok(page.includes(`id="comment-${id}"`), `comment ${id} on the page`);
  });

  test('the page has no script, event handler or unsafe URL from a name, website or body', () => {
    assert.deepEqual(pageProblems(page), []);
    for (const name of HOSTILE_NAMES) {
      if (/[<>"']/.test(name)) assert.ok(!page.includes(name), `raw name ${JSON.stringify(name)} appears unescaped`);
    }
  });

  test('a hostile name survives as exact text inside an attribute (the reply link label)', () => {
    const labels = tagsOf(page)
      .flatMap((t) => t.attrs)
      .filter((a) => a.name === 'aria-label' && a.value.startsWith('Reply to '))
      .map((a) => a.value.slice('Reply to '.length));
    for (const name of HOSTILE_NAMES) assert.ok(labels.includes(name), `label for ${JSON.stringify(name)}`);
  });

  test('the reply form titled with a hostile name escapes it', async () => {
    for (const [name, id] of ids) {
      const res = await svc.request(`/?replytocom=${id}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.deepEqual(pageProblems(html), []);
      assert.ok(html.includes('Leave a Reply to '), 'the reply title is shown');
      if (/[<>"']/.test(name)) assert.ok(!html.includes(name), `raw name ${JSON.stringify(name)} appears unescaped`);
    }
  });
});

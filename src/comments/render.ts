// Comment bodies: Markdown-lite through markdown-it (raw HTML off), then the xss allowlist sanitiser.
import MarkdownIt from 'markdown-it';
import { FilterXSS } from 'xss';

const LINK_REL = 'nofollow ugc noopener';
const SAFE_LINK = /^(https?:|mailto:)/i;

const markdown = new MarkdownIt('default', {
  html: false,
  linkify: true,
  breaks: true,
  typographer: false,
  maxNesting: 20,
}).disable(['image', 'heading', 'lheading', 'table', 'hr', 'strikethrough', 'reference']);

// Only absolute http(s) and mailto links survive; markdown-it normalises the URL before this check,
// so entity- and percent-encoded `javascript:` spellings arrive decoded here.
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('rel', LINK_REL);
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const allowlist: ConstructorParameters<typeof FilterXSS>[0] = {
  whiteList: {
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
  },
  stripIgnoreTag: false,
  stripIgnoreTagBody: ['script', 'style'],
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value) {
    if (tag === 'a' && name === 'href') {
      return SAFE_LINK.test(value.trim()) ? `href="${value}"` : '';
    }
    if (tag === 'a' && name === 'rel') return `rel="${LINK_REL}"`;
    if (tag === 'ol' && name === 'start') return /^\d{1,9}$/.test(value) ? `start="${value}"` : '';
    return undefined;
  },
};
const sanitiser = new FilterXSS(allowlist);
// HTML from elsewhere (imports) passes the same allowlist; a tag outside it is dropped (its text kept)
// instead of shown as text, so an old comment's <span> or <img> does not turn into tag soup.
const htmlSanitiser = new FilterXSS({ ...allowlist, stripIgnoreTag: true });

/** Renders a (cleaned) comment body to the HTML that is stored and served. */
export function renderBody(source: string): string {
  return sanitiser.process(markdown.render(source)).trim();
}

/** Sanitises HTML that comes from elsewhere (imported comments) with the same allowlist as every comment. */
export function sanitiseHtml(html: string): string {
  return htmlSanitiser.process(html).trim();
}

/** Links in a body, counted the way the rendered comment will show them. */
export function countLinks(html: string): number {
  return html.match(/<a\s/g)?.length ?? 0;
}

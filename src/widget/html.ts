// Comment bodies arrive as HTML that the server already sanitised. The widget does not trust that alone:
// it parses the HTML in an inert document (no scripts run, nothing loads) and rebuilds it from an
// allowlist of elements, with no attributes but a checked href (and a numeric ol start).

const ALLOWED = new Set(['P', 'BR', 'EM', 'STRONG', 'CODE', 'PRE', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'A']);
const DROPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TITLE', 'TEXTAREA', 'XMP']);
const SAFE_HREF = /^(https?:|mailto:)/i;

interface TrustedTypePolicy {
  createHTML(input: string): string;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createHTML(input: string): string }): TrustedTypePolicy;
}

let policy: TrustedTypePolicy | null | undefined;

/** Under a Trusted Types CSP the parser needs a policy; the page must allow one named `parley`. */
function trusted(html: string): string {
  if (policy === undefined) {
    policy = null;
    const factory = (window as unknown as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
    try {
      if (factory) policy = factory.createPolicy('parley', { createHTML: (input) => input });
    } catch {
      // The page's CSP does not allow the policy; parsing will then fail and show the text only.
    }
  }
  return policy ? policy.createHTML(html) : html;
}

function copy(from: Node, to: Node): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.nodeValue ?? ''));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const source = node as Element;
    // HTML elements have upper-case tag names here; SVG and MathML ones (even <a>) do not, so they never match.
    const tag = source.tagName;
    if (!ALLOWED.has(tag)) {
      // An element outside the allowlist is replaced by its text (scripts and styles by nothing).
      if (!DROPPED.has(tag.toUpperCase())) copy(source, to);
      continue;
    }
    const element = document.createElement(tag.toLowerCase());
    if (tag === 'A') {
      const href = (source.getAttribute('href') ?? '').trim();
      if (SAFE_HREF.test(href)) element.setAttribute('href', href);
      element.setAttribute('rel', 'nofollow ugc noopener');
    }
    const start = source.getAttribute('start');
    if (tag === 'OL' && start && /^\d{1,9}$/.test(start)) element.setAttribute('start', start);
    copy(source, element);
    to.appendChild(element);
  }
}

/** The comment's HTML as safe DOM nodes. */
export function commentBody(html: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  try {
    const doc = new DOMParser().parseFromString(trusted(html), 'text/html');
    copy(doc.body, fragment);
  } catch {
    fragment.appendChild(document.createTextNode(html.replace(/<[^>]*>/g, ' ')));
  }
  return fragment;
}

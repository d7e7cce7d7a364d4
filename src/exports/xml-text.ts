// Text inside XML: characters XML 1.0 cannot carry are dropped, markup characters escaped, and
// CDATA sections split around `]]>` the way WordPress's wxr_cdata() does.

/** Everything outside XML 1.0's Char production (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlSafe = (text: string): string => text.replace(NOT_XML_CHAR, '');

export function xmlEscape(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A CDATA section; `]]>` inside the text ends one section and starts the next between `]]` and `>`. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

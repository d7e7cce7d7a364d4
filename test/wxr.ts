// Test helper: reads a WXR file with a real (strict, non-validating) XML parser into plain objects,
// failing on anything that is not well-formed XML.
import { SaxesParser } from 'saxes';

export interface WxrComment {
  [field: string]: string;
}

export interface WxrItem {
  fields: Record<string, string>;
  comments: WxrComment[];
}

export interface Wxr {
  channel: Record<string, string>;
  items: WxrItem[];
  namespaces: Record<string, string>;
}

export function parseWxr(xml: string): Wxr {
  const parser = new SaxesParser({ xmlns: true });
  const result: Wxr = { channel: {}, items: [], namespaces: {} };
  const stack: string[] = [];
  let text = '';
  let item: WxrItem | null = null;
  let comment: WxrComment | null = null;
  let error: Error | null = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    stack.push(tag.name);
    text = '';
    if (tag.name === 'rss') {
      for (const [name, attr] of Object.entries(tag.attributes)) if (typeof attr !== 'string') result.namespaces[name] = attr.value;
    }
    if (tag.name === 'item') item = { fields: {}, comments: [] };
    if (tag.name === 'wp:comment') comment = {};
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    const parent = stack.at(-1);
    if (tag.name === 'item' && item) {
      result.items.push(item);
      item = null;
    } else if (tag.name === 'wp:comment' && comment && item) {
      item.comments.push(comment);
      comment = null;
    } else if (parent === 'wp:comment' && comment) {
      comment[tag.name] = text;
    } else if (parent === 'item' && item) {
      item.fields[tag.name] = text;
    } else if (parent === 'channel') {
      result.channel[tag.name] = text;
    }
    text = '';
  });
  parser.write(xml).close();
  if (error) throw error;
  return result;
}

// Streaming XML for the WXR and Disqus parsers: saxes (no DTD processing at all: it never reads
// external entities and never expands declared ones), a refusal of any DOCTYPE that declares
// entities, and errors that name the line.
import { SaxesParser } from 'saxes';
import { text, type Bytes } from './bytes.js';
import { ImportFileError } from './records.js';

/** What a format parser sees: elements by local name (prefixes dropped), with their attributes and text. */
export interface XmlHandlers<R> {
  open(name: string, attributes: Record<string, string>, depth: number, emit: (record: R) => void): void;
  /** `text` is the element's own text (CDATA included), trimmed. */
  close(name: string, text: string, depth: number, emit: (record: R) => void): void;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Runs a streaming XML parse and yields what the handlers emit, chunk by chunk (constant memory). */
export async function* parseXml<R>(source: Bytes, handlers: XmlHandlers<R>): AsyncIterable<R> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const queue: R[] = [];
  const emit = (record: R) => queue.push(record);
  let depth = 0;
  let buffer = '';
  let failure: ImportFileError | null = null;
  const fail = (message: string) => {
    failure ??= new ImportFileError(message, `line ${parser.line}`);
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) fail('the file declares XML entities (a DOCTYPE with <!ENTITY>); such files are refused');
  });
  parser.on('opentag', (tag) => {
    depth++;
    buffer = '';
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = String(value);
    handlers.open(localName(tag.name), attributes, depth, emit);
  });
  parser.on('text', (t) => {
    buffer += t;
  });
  parser.on('cdata', (t) => {
    buffer += t;
  });
  parser.on('closetag', (tag) => {
    handlers.close(localName(tag.name), buffer.trim(), depth, emit);
    buffer = '';
    depth--;
  });
  parser.on('error', (error) => {
    fail(error.message.replace(/^[^:]*:\d+:\d+: /, ''));
  });

  const check = () => {
    if (failure) throw failure;
  };
  for await (const piece of text(source)) {
    try {
      parser.write(piece);
    } catch (error) {
      fail(error instanceof Error ? error.message.replace(/^[^:]*:\d+:\d+: /, '') : 'not XML');
    }
    check();
    yield* queue.splice(0);
  }
  try {
    parser.close();
  } catch (error) {
    fail(error instanceof Error ? error.message.replace(/^[^:]*:\d+:\d+: /, '') : 'not XML');
  }
  check();
  yield* queue.splice(0);
  if (depth !== 0) throw new ImportFileError('the file ends in the middle of an element (is it cut off?)', `line ${parser.line}`);
}

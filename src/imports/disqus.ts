// Disqus XML export: <thread dsq:id> elements (the pages), then <post dsq:id> elements pointing at
// their thread and parent by dsq:id.
import type { Bytes } from './bytes.js';
import { disqusStatus } from './mapping.js';
import type { ParsedRecord } from './records.js';
import { parseXml } from './xml.js';

export function parseDisqus(source: Bytes): AsyncIterable<ParsedRecord> {
  type Open = { kind: 'thread' | 'post'; id: string; depth: number; fields: Record<string, string>; refs: Record<string, string> };
  let open: Open | null = null;
  /** Threads seen, so a post can say which article it is on (posts of unknown threads are skipped). */
  const threads = new Set<string>();

  return parseXml<ParsedRecord>(source, {
    open(name, attributes, depth) {
      if (!open && depth === 2 && (name === 'thread' || name === 'post')) {
        open = { kind: name, id: attributes.id ?? '', depth, fields: {}, refs: {} };
      } else if (open && depth === open.depth + 1 && attributes.id !== undefined) {
        // <thread dsq:id="…"/> and <parent dsq:id="…"/> inside a post.
        open.refs[name] = attributes.id;
      }
    },
    close(name, text, depth, emit) {
      if (!open) return;
      if (depth === open.depth + 1) {
        open.fields[name] = text;
        return;
      }
      if (depth === open.depth + 2 && open.kind === 'post' && (name === 'name' || name === 'email')) {
        open.fields[`author_${name}`] = text;
        return;
      }
      if (depth !== open.depth) return;
      const { kind, id, fields, refs } = open;
      open = null;
      if (!id) {
        emit({ type: 'skip', reason: 'incomplete' });
        return;
      }
      if (kind === 'thread') {
        threads.add(id);
        emit({
          type: 'article',
          article: { ref: id, url: fields.link || null, title: fields.title || null, closed: fields.isClosed === 'true' },
        });
        return;
      }
      const thread = refs.thread;
      const createdAt = fields.createdAt && !Number.isNaN(Date.parse(fields.createdAt)) ? new Date(fields.createdAt).toISOString() : null;
      if (!thread || !threads.has(thread)) {
        emit({ type: 'skip', reason: 'missing_article' });
        return;
      }
      if (!createdAt) {
        emit({ type: 'skip', reason: 'incomplete' });
        return;
      }
      emit({
        type: 'comment',
        articleRef: thread,
        comment: {
          source: 'disqus',
          sourceId: id,
          parentSourceId: refs.parent ?? null,
          status: disqusStatus(fields.isSpam === 'true'),
          deleted: fields.isDeleted === 'true',
          name: fields.author_name ?? '',
          email: fields.author_email ?? '',
          url: null,
          ip: fields.ipAddress || null,
          userAgent: null,
          createdAt,
          body: fields.message ?? '',
          bodyFormat: 'html',
        },
      });
    },
  });
}

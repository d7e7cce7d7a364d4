// Isso's generic JSON import format: [{"id": uri, "title", "comments": [{"id","author","email","website",
// "remote_addr","created" ("YYYY-MM-DD HH:MM:SS", UTC),"text" (Markdown)}]}]. It is one JSON value,
// so it is read whole (such files are small); the streaming formats are the others.
import { z } from 'zod';
import { text, type Bytes } from './bytes.js';
import { ImportFileError, type ParsedRecord } from './records.js';

const file = z.array(
  z.object({
    id: z.string().min(1),
    title: z.string().nullable().optional(),
    comments: z.array(
      z.object({
        id: z.union([z.number(), z.string()]),
        parent: z.union([z.number(), z.string()]).nullable().optional(),
        author: z.string().nullable().optional(),
        email: z.string().nullable().optional(),
        website: z.string().nullable().optional(),
        remote_addr: z.string().nullable().optional(),
        created: z.string(),
        text: z.string(),
      }),
    ),
  }),
);

/** Isso's exporter wrote titles form-encoded (`Nat+%26+Miguel`). */
function formDecoded(title: string): string {
  try {
    return decodeURIComponent(title.replace(/\+/g, ' '));
  } catch {
    return title;
  }
}

export async function* parseIssoJson(source: Bytes): AsyncIterable<ParsedRecord> {
  let whole = '';
  for await (const piece of text(source)) whole += piece;
  let value: unknown;
  try {
    value = JSON.parse(whole);
  } catch {
    throw new ImportFileError('not JSON (is the file cut off?)');
  }
  const parsed = file.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportFileError(issue?.message ?? 'not valid', issue ? `record ${issue.path.join('.')}` : null);
  }
  for (const [t, thread] of parsed.data.entries()) {
    yield { type: 'article', article: { ref: thread.id, key: thread.id, url: null, title: thread.title ? formDecoded(thread.title) : null, closed: false } };
    for (const [i, c] of thread.comments.entries()) {
      const created = Date.parse(`${c.created.replace(' ', 'T')}Z`);
      if (Number.isNaN(created)) throw new ImportFileError('created is not a date', `record ${t}.comments.${i}`);
      yield {
        type: 'comment',
        articleRef: thread.id,
        comment: {
          source: 'isso',
          // Ids are per thread in this format, so the thread is part of the identity.
          sourceId: `${thread.id}#${c.id}`.slice(0, 200),
          parentSourceId: c.parent === null || c.parent === undefined ? null : `${thread.id}#${c.parent}`.slice(0, 200),
          status: 'approved',
          name: c.author ?? '',
          email: c.email ?? '',
          url: c.website || null,
          ip: c.remote_addr ?? null,
          userAgent: null,
          createdAt: new Date(created).toISOString(),
          body: c.text,
          bodyFormat: 'markdown',
        },
      };
    }
  }
}

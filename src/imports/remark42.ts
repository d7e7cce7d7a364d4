// Remark42 backups (`backup-{site}-{date}.gz`, or `remark42 backup`): NDJSON, gzipped. The first line is
// the meta ({"version":1,"users":[…],"posts":[…]}, posts with url and read_only), then one comment per line:
// {"id","pid","text" (HTML),"user":{"name","id","ip",…},"locator":{"site","url"},"time","delete","title"}.
import { z } from 'zod';
import { lines, type Bytes } from './bytes.js';
import { ImportFileError, type ParsedRecord } from './records.js';

const meta = z.object({
  version: z.number().optional(),
  posts: z.array(z.object({ url: z.string(), read_only: z.boolean().optional() })).nullable().optional(),
});
const comment = z.object({
  id: z.string().min(1),
  pid: z.string().optional().default(''),
  text: z.string().default(''),
  user: z.object({ name: z.string().default(''), ip: z.string().optional(), admin: z.boolean().optional() }).default({ name: '' }),
  locator: z.object({ url: z.string().min(1) }),
  time: z.string(),
  delete: z.boolean().optional(),
  title: z.string().optional(),
});

export async function* parseRemark42(source: Bytes): AsyncIterable<ParsedRecord> {
  const readOnly = new Set<string>();
  const articles = new Set<string>();
  let first = true;
  for await (const { line, number } of lines(source)) {
    if (line.trim() === '') continue;
    const where = `line ${number}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ImportFileError('not a JSON line (is the file cut off?)', where);
    }
    if (first) {
      first = false;
      const parsed = meta.safeParse(value);
      if (!parsed.success) throw new ImportFileError('not a Remark42 backup (the first line is not its meta)', where);
      for (const post of parsed.data.posts ?? []) if (post.read_only) readOnly.add(post.url);
      continue;
    }
    const parsed = comment.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ImportFileError(`${issue?.path.join('.') ?? ''} ${issue?.message ?? 'not valid'}`.trim(), where);
    }
    const c = parsed.data;
    const time = Date.parse(c.time);
    if (Number.isNaN(time)) throw new ImportFileError('time is not a date', where);
    if (!articles.has(c.locator.url)) {
      articles.add(c.locator.url);
      yield { type: 'article', article: { ref: c.locator.url, url: c.locator.url, title: c.title || null, closed: readOnly.has(c.locator.url) } };
    }
    yield {
      type: 'comment',
      articleRef: c.locator.url,
      comment: {
        source: 'remark42',
        sourceId: c.id,
        parentSourceId: c.pid || null,
        status: 'approved',
        deleted: c.delete === true,
        name: c.user.name,
        email: '',
        url: null,
        // Remark42 keeps only a hash of the IP, which anonymising drops.
        ip: c.user.ip ?? null,
        userAgent: null,
        createdAt: new Date(time).toISOString(),
        body: c.text,
        bodyFormat: 'html',
      },
    };
  }
  if (first) throw new ImportFileError('the file is empty');
}

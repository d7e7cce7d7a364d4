// Writes a large WordPress WXR file for the import benchmark: `posts` posts with `perPost` comments
// each, in threads three deep (a comment, a reply, a reply to the reply), with WordPress's mix of
// statuses, a few pingbacks, and some closed posts. Streamed to disk, so any size fits in memory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { cdata, xmlEscape } from '../../src/exports/xml-text.js';

const STATUSES = ['1', '1', '1', '1', '1', '1', '1', '1', '1', '0', '1', '1', '1', '1', '1', '1', '1', 'spam', '1', 'trash'];

const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export interface GeneratedWxr {
  posts: number;
  comments: number;
  bytes: number;
}

export async function generateWxr(file: string, posts: number, perPost: number, firstPost = 1): Promise<GeneratedWxr> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench News</title><link>https://news.example.org</link><description>Generated</description>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://news.example.org</wp:base_site_url><wp:base_blog_url>https://news.example.org</wp:base_blog_url>
`);
  let commentId = (firstPost - 1) * perPost;
  const start = Date.parse('2010-01-01T00:00:00Z');
  for (let p = firstPost; p < firstPost + posts; p++) {
    const postDate = start + p * 3_600_000;
    let item = `<item><title>${xmlEscape(`Story number ${p} & more`)}</title><link>https://news.example.org/${2010 + (p % 15)}/story-${p}/</link>
<wp:post_id>${p}</wp:post_id><wp:post_date>${cdata(wpDate(postDate))}</wp:post_date><wp:post_date_gmt>${cdata(wpDate(postDate))}</wp:post_date_gmt>
<wp:comment_status>${cdata(p % 10 === 0 ? 'closed' : 'open')}</wp:comment_status><wp:post_name>${cdata(`story-${p}`)}</wp:post_name>
<wp:status>${cdata('publish')}</wp:status><wp:post_type>${cdata('post')}</wp:post_type>
`;
    // Threads of three: top-level, its reply, and the reply's reply.
    let top = 0;
    let middle = 0;
    for (let c = 0; c < perPost; c++) {
      commentId += 1;
      const level = c % 3;
      const parent = level === 0 ? 0 : level === 1 ? top : middle;
      if (level === 0) top = commentId;
      if (level === 1) middle = commentId;
      const pingback = c === perPost - 1 && p % 50 === 0;
      const at = wpDate(postDate + (c + 1) * 60_000);
      const author = `Reader ${commentId % 5000}`;
      item += `<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(author)}</wp:comment_author>
<wp:comment_author_email>reader${commentId % 5000}@example.org</wp:comment_author_email><wp:comment_author_url>${c % 7 === 0 ? 'https://reader.example.org/' : ''}</wp:comment_author_url>
<wp:comment_author_IP>198.51.100.${commentId % 250}</wp:comment_author_IP><wp:comment_date>${at}</wp:comment_date><wp:comment_date_gmt>${at}</wp:comment_date_gmt>
<wp:comment_content>${cdata(`I read story ${p} and I think <strong>comment ${commentId}</strong> matters.\n\nSecond paragraph with a <a href="https://example.org/${commentId}">link</a> & an ampersand.`)}</wp:comment_content>
<wp:comment_approved>${STATUSES[commentId % STATUSES.length]}</wp:comment_approved><wp:comment_type>${pingback ? 'pingback' : 'comment'}</wp:comment_type>
<wp:comment_parent>${pingback ? 0 : parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
`;
    }
    await write(`${item}</item>\n`);
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return { posts, comments: posts * perPost, bytes };
}

// Run directly: tsx scripts/bench/wxr-generate.ts FILE POSTS PER_POST
if (process.argv[1]?.endsWith('wxr-generate.ts')) {
  const [file, posts, perPost] = process.argv.slice(2);
  if (!file) throw new Error('usage: wxr-generate.ts FILE [POSTS] [PER_POST]');
  console.log(await generateWxr(file, Number(posts ?? 20000), Number(perPost ?? 50)));
}

import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: true });
console.log(db.prepare("select count(*) n, count(distinct lower(email)) e, max(article_id) a from comments").get());
const art = (db.prepare("select article_id a from comments order by id desc limit 1").get() as {a:number}).a;
const newQ = db.prepare(`select "id" from "comments" where (lower("comments"."email") = ? and "comments"."status" in ('pending','approved','spam') and "comments"."article_id" = ? and "comments"."body_source" = ? and "comments"."status" <> 'trash') limit 1`);
const oldQ = db.prepare(`select "id" from "comments" where (+"comments"."article_id" = ? and lower("comments"."email") = ? and "comments"."body_source" = ? and "comments"."status" <> 'trash') limit 1`);
console.log(db.prepare('explain query plan ' + oldQ.source).all(1,'a','b').map((r: any) => r.detail));
function time(label: string, f: (i: number) => unknown, n = 20000) {
  const t = performance.now();
  for (let i = 0; i < n; i++) f(i);
  console.log(label, (((performance.now() - t) * 1000) / n).toFixed(2), 'µs');
}
for (let k = 0; k < 2; k++) {
time('old', (i) => oldQ.get(art, `poster${i % 1000}@example.org`, 'nope'));
time('new', (i) => newQ.get(`poster${i % 1000}@example.org`, art, 'nope'));
}

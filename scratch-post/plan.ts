import Database from 'better-sqlite3';
const db = new Database(process.argv[2]!, { readonly: true });
const q = `select "id" from "comments" where (lower("comments"."email") = ? and "comments"."status" in (?, ?, ?) and "comments"."article_id" = ? and "comments"."body_source" = ? and "comments"."status" <> ?) limit ?`;
console.log(db.prepare('explain query plan ' + q).all('poster1@example.org', 'pending', 'approved', 'spam', 3, 'x', 'trash', 1));
console.log(db.prepare("select * from sqlite_stat1 where tbl='comments'").all());
console.log(db.prepare("select sql from sqlite_master where name='comments_email_lower'").all());

-- Search indexing moves off the insert's path (issue 14): no trigger indexes a new comment any more;
-- rows are indexed in bulk behind the writer (src/store/sqlite-fts.ts on Node, before each search and
-- in the cron on Workers). `meta.fts_indexed_through` is the highest comment id indexed: every row at
-- or below it is in comments_fts, none above it is (ids only grow: AUTOINCREMENT; an import keeps a
-- wanted id only above the mark). So the delete and update triggers touch the index only for rows
-- at or below the mark, and the indexer takes the rows above it, in id order, and moves the mark.
-- Hand-written (drizzle-kit cannot describe triggers): `drizzle-kit generate --custom`.
DROP TRIGGER `comments_fts_insert`;
--> statement-breakpoint
DROP TRIGGER `comments_fts_delete`;
--> statement-breakpoint
DROP TRIGGER `comments_fts_update`;
--> statement-breakpoint
INSERT INTO `meta` (`key`, `value`) SELECT 'fts_indexed_through', coalesce(max(`id`), 0) FROM `comments` WHERE true
  ON CONFLICT (`key`) DO UPDATE SET `value` = excluded.`value`;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_delete` AFTER DELETE ON `comments`
WHEN old.`id` <= coalesce((SELECT cast(`value` AS integer) FROM `meta` WHERE `key` = 'fts_indexed_through'), 0) BEGIN
  INSERT INTO `comments_fts`(`comments_fts`, rowid, `name`, `email`, `url`, `body_source`)
    VALUES ('delete', old.`id`, old.`name`, old.`email`, coalesce(old.`url`, ''), old.`body_source`);
END;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_update` AFTER UPDATE OF `name`, `email`, `url`, `body_source` ON `comments`
WHEN old.`id` <= coalesce((SELECT cast(`value` AS integer) FROM `meta` WHERE `key` = 'fts_indexed_through'), 0) BEGIN
  INSERT INTO `comments_fts`(`comments_fts`, rowid, `name`, `email`, `url`, `body_source`)
    VALUES ('delete', old.`id`, old.`name`, old.`email`, coalesce(old.`url`, ''), old.`body_source`);
  INSERT INTO `comments_fts`(rowid, `name`, `email`, `url`, `body_source`)
    VALUES (new.`id`, new.`name`, new.`email`, coalesce(new.`url`, ''), new.`body_source`);
END;

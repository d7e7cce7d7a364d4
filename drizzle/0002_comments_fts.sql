-- Full-text search over comments for the moderation queue (FTS5, external content on `comments`),
-- kept in step with the table by triggers. drizzle-kit cannot describe virtual tables, so this is
-- a custom migration (`drizzle-kit generate --custom`).
CREATE VIRTUAL TABLE `comments_fts` USING fts5(
  `name`, `email`, `url`, `body_source`,
  content='comments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `comments_fts`(rowid, `name`, `email`, `url`, `body_source`)
  SELECT `id`, `name`, `email`, coalesce(`url`, ''), `body_source` FROM `comments`;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `comments_fts`(rowid, `name`, `email`, `url`, `body_source`)
    VALUES (new.`id`, new.`name`, new.`email`, coalesce(new.`url`, ''), new.`body_source`);
END;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_delete` AFTER DELETE ON `comments` BEGIN
  INSERT INTO `comments_fts`(`comments_fts`, rowid, `name`, `email`, `url`, `body_source`)
    VALUES ('delete', old.`id`, old.`name`, old.`email`, coalesce(old.`url`, ''), old.`body_source`);
END;
--> statement-breakpoint
CREATE TRIGGER `comments_fts_update` AFTER UPDATE OF `name`, `email`, `url`, `body_source` ON `comments` BEGIN
  INSERT INTO `comments_fts`(`comments_fts`, rowid, `name`, `email`, `url`, `body_source`)
    VALUES ('delete', old.`id`, old.`name`, old.`email`, coalesce(old.`url`, ''), old.`body_source`);
  INSERT INTO `comments_fts`(rowid, `name`, `email`, `url`, `body_source`)
    VALUES (new.`id`, new.`name`, new.`email`, coalesce(new.`url`, ''), new.`body_source`);
END;

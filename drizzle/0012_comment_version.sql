DROP INDEX `comments_article_status_created`;--> statement-breakpoint
ALTER TABLE `comments` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `comments_article_status_created` ON `comments` (`article_id`,`status`,`created_at`,`id`,`parent_id`,`deleted`,`version`);
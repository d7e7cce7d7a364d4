DROP INDEX `comments_email_lower`;--> statement-breakpoint
ALTER TABLE `comments` ADD `body_hash` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `comments_email_lower` ON `comments` (lower("email"),`status`,`article_id`,`body_hash`);
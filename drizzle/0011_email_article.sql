DROP INDEX `comments_email_lower`;--> statement-breakpoint
CREATE INDEX `comments_email_lower` ON `comments` (lower("email"),`status`,`article_id`);
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`key` text NOT NULL,
	`url` text,
	`title` text,
	`closed` integer DEFAULT false NOT NULL,
	`first_comment_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_site_key` ON `articles` (`site_id`,`key`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`parent_id` integer,
	`depth` integer DEFAULT 1 NOT NULL,
	`status` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`url` text,
	`avatar` text NOT NULL,
	`body_source` text NOT NULL,
	`html` text NOT NULL,
	`ip` text,
	`user_agent` text,
	`moderator` integer DEFAULT false NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`edit_token_hash` text,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_article_status_created` ON `comments` (`article_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `comments_status_created` ON `comments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_parent` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE INDEX `comments_email_lower` ON `comments` (lower("email"),`status`);--> statement-breakpoint
CREATE INDEX `comments_ip_created` ON `comments` (`ip`,`created_at`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_slug_unique` ON `sites` (`slug`);
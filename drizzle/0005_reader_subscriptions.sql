CREATE TABLE `mail_suppressions` (
	`email` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriber_addresses` (
	`site_id` integer NOT NULL,
	`email` text NOT NULL,
	`confirmed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriber_addresses_site_email` ON `subscriber_addresses` (`site_id`,`email`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`article_id` integer NOT NULL,
	`comment_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriptions_comment` ON `subscriptions` (`comment_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_article_kind` ON `subscriptions` (`article_id`,`kind`);--> statement-breakpoint
CREATE INDEX `subscriptions_site_email` ON `subscriptions` (`site_id`,`email`);
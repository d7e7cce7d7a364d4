CREATE TABLE `bans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`until` integer,
	`note` text,
	`comment_id` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bans_site_kind_value` ON `bans` (`site_id`,`kind`,`value`);--> statement-breakpoint
CREATE INDEX `comments_avatar` ON `comments` (`avatar`);
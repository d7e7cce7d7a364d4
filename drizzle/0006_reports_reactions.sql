CREATE TABLE `comment_reactions` (
	`comment_id` integer NOT NULL,
	`reader_key` text NOT NULL,
	`ip_key` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`comment_id`, `reader_key`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comment_reactions_comment_ip` ON `comment_reactions` (`comment_id`,`ip_key`);--> statement-breakpoint
CREATE TABLE `comment_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`comment_id` integer NOT NULL,
	`reader_key` text NOT NULL,
	`ip_key` text NOT NULL,
	`reason` text NOT NULL,
	`text` text,
	`created_at` integer NOT NULL,
	`dismissed_at` integer,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comment_reports_reader` ON `comment_reports` (`comment_id`,`reader_key`);--> statement-breakpoint
CREATE INDEX `comment_reports_reader_created` ON `comment_reports` (`reader_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `comment_reports_ip_created` ON `comment_reports` (`ip_key`,`created_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `reactions` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `featured` integer DEFAULT false NOT NULL;
ALTER TABLE `comments` ADD `source_site_id` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `source` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `source_id` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `parent_source` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `parent_source_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `comments_source` ON `comments` (`source_site_id`,`source`,`source_id`);--> statement-breakpoint
CREATE INDEX `comments_import_pending` ON `comments` (`source_site_id`) WHERE "comments"."parent_source_id" is not null and "comments"."depth" = 1;
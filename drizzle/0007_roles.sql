ALTER TABLE `api_tokens` ADD `role` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `sites` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `created_by` integer REFERENCES moderators(id);--> statement-breakpoint
ALTER TABLE `moderators` ADD `role` text DEFAULT 'admin' NOT NULL;--> statement-breakpoint
ALTER TABLE `moderators` ADD `sites` text DEFAULT '[]' NOT NULL;
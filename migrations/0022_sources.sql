CREATE TABLE `proposals` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`statement_id` text NOT NULL,
	`source_id` text NOT NULL,
	`document` text NOT NULL,
	`status` text NOT NULL,
	`attention` text NOT NULL,
	`plan` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`reason` text,
	`event_seq` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_id_unique` ON `proposals` (`id`);--> statement-breakpoint
CREATE INDEX `proposals_statement_idx` ON `proposals` (`statement_id`,`seq`);--> statement-breakpoint
CREATE INDEX `proposals_source_idx` ON `proposals` (`source_id`,`status`);--> statement-breakpoint
CREATE TABLE `sources` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`statement_id` text NOT NULL,
	`url` text NOT NULL,
	`mode` text NOT NULL,
	`every` text NOT NULL,
	`every_seconds` integer NOT NULL,
	`next_check_at` text NOT NULL,
	`last_checked_at` text,
	`last_outcome` text,
	`last_http_status` integer,
	`last_error` text,
	`last_document` text,
	`etag` text,
	`last_modified` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_id_unique` ON `sources` (`id`);--> statement-breakpoint
CREATE INDEX `sources_due_idx` ON `sources` (`next_check_at`);--> statement-breakpoint
CREATE INDEX `sources_statement_idx` ON `sources` (`statement_id`,`seq`);
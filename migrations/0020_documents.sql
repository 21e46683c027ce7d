CREATE TABLE `document_captures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`url` text,
	`file_name` text,
	`captured_at` text NOT NULL,
	`http_status` integer,
	`http_headers` text,
	`recorded_by` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`sha256`) REFERENCES `documents`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `document_captures_sha256_idx` ON `document_captures` (`sha256`,`id`);--> statement-breakpoint
CREATE TABLE `documents` (
	`sha256` text PRIMARY KEY NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`bytes` blob NOT NULL,
	`stored_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `signatory_events` ADD `document` text;--> statement-breakpoint
CREATE INDEX `signatory_events_document_idx` ON `signatory_events` (`document`) WHERE document IS NOT NULL;
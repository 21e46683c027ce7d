CREATE TABLE `key_rotations` (
	`seq` integer PRIMARY KEY NOT NULL,
	`from_kid` text NOT NULL,
	`to_kid` text NOT NULL,
	`statement` text NOT NULL,
	`hash` text NOT NULL,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_entries` (
	`idx` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`number` integer NOT NULL,
	`record_hash` text NOT NULL,
	`hashes` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_entries_record_idx` ON `log_entries` (`subject`,`kind`,`number`);
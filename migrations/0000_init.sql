CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_unique` ON `api_keys` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`revision` integer NOT NULL,
	`abbreviation` text,
	`name` text NOT NULL,
	`name_en` text,
	`aliases` text DEFAULT '[]' NOT NULL,
	`country` text,
	`website` text,
	`search_text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_id_unique` ON `organizations` (`id`);--> statement-breakpoint
CREATE INDEX `organizations_country_idx` ON `organizations` (`country`,`seq`);--> statement-breakpoint
CREATE TABLE `revisions` (
	`resource` text NOT NULL,
	`resource_id` text NOT NULL,
	`revision` integer NOT NULL,
	`action` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`resource`, `resource_id`, `revision`)
);

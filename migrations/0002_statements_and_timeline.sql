CREATE TABLE `signatory_event_items` (
	`statement_id` text NOT NULL,
	`seq` integer NOT NULL,
	`ord` integer NOT NULL,
	`kind` text NOT NULL,
	`signature_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`reason` text,
	`printed_as` text,
	PRIMARY KEY(`statement_id`, `seq`, `ord`),
	FOREIGN KEY (`statement_id`,`seq`) REFERENCES `signatory_events`(`statement_id`,`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `signatory_events` (
	`statement_id` text NOT NULL,
	`seq` integer NOT NULL,
	`as_of` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`source` text,
	`note` text,
	`total` integer NOT NULL,
	`prev_hash` text,
	`hash` text NOT NULL,
	PRIMARY KEY(`statement_id`, `seq`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signatory_events_as_of_idx` ON `signatory_events` (`statement_id`,`as_of`,`seq`);--> statement-breakpoint
CREATE INDEX `signatory_events_recorded_at_idx` ON `signatory_events` (`statement_id`,`recorded_at`,`seq`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`revision` integer NOT NULL,
	`statement_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`status` text NOT NULL,
	`added_as_of` text NOT NULL,
	`added_seq` integer NOT NULL,
	`withdrawn_as_of` text,
	`withdrawn_seq` integer,
	`signed_on` text,
	`note` text,
	`printed_as` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_id_unique` ON `signatures` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_statement_position_idx` ON `signatures` (`statement_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_active_org_idx` ON `signatures` (`statement_id`,`organization_id`) WHERE withdrawn_seq IS NULL;--> statement-breakpoint
CREATE INDEX `signatures_organization_idx` ON `signatures` (`organization_id`,`statement_id`);--> statement-breakpoint
CREATE TABLE `statements` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`revision` integer NOT NULL,
	`title` text NOT NULL,
	`issuer` text NOT NULL,
	`kind` text NOT NULL,
	`published_on` text,
	`language` text,
	`body` text NOT NULL,
	`source_url` text,
	`open_for_signatures` integer NOT NULL,
	`search_text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statements_id_unique` ON `statements` (`id`);--> statement-breakpoint
CREATE INDEX `statements_issuer_idx` ON `statements` (`issuer`,`seq`);
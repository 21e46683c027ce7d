CREATE TABLE `organization_identifiers` (
	`scheme` text NOT NULL,
	`value` text NOT NULL,
	`organization_id` text NOT NULL,
	PRIMARY KEY(`scheme`, `value`)
);
--> statement-breakpoint
CREATE INDEX `organization_identifiers_organization_idx` ON `organization_identifiers` (`organization_id`);--> statement-breakpoint
CREATE TABLE `organization_merges` (
	`seq` integer PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`organization_id` text NOT NULL,
	`into_id` text NOT NULL,
	`reason` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `organization_merges_organization_idx` ON `organization_merges` (`organization_id`,`seq`);--> statement-breakpoint
CREATE INDEX `organization_merges_into_idx` ON `organization_merges` (`into_id`,`seq`);--> statement-breakpoint
ALTER TABLE `organizations` ADD `identifiers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `merged_into` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `merged_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Merges are a record like the signatory events: never changed, never removed, numbered 1, 2, 3…
-- with no gap, each chained to the hash of the one before it. An unmerge is a further row.
CREATE TRIGGER `organization_merges_no_update` BEFORE UPDATE ON `organization_merges`
BEGIN
  SELECT RAISE(ABORT, 'organization merges are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `organization_merges_no_delete` BEFORE DELETE ON `organization_merges`
BEGIN
  SELECT RAISE(ABORT, 'organization merges are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `organization_merges_chained` BEFORE INSERT ON `organization_merges`
BEGIN
  SELECT RAISE(ABORT, 'organization merges must be numbered contiguously from 1')
  WHERE NEW.`seq` <> COALESCE((SELECT MAX(`seq`) FROM `organization_merges`), 0) + 1;
  SELECT RAISE(ABORT, 'an organization merge must chain to the previous one')
  WHERE NEW.`prev_hash` IS NOT (SELECT `hash` FROM `organization_merges` WHERE `seq` = NEW.`seq` - 1);
END;

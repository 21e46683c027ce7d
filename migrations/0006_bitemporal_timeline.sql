CREATE TABLE `signature_spans` (
	`statement_id` text NOT NULL,
	`signature_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`position` integer NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`known_from` integer NOT NULL,
	`known_to` integer,
	PRIMARY KEY(`statement_id`, `signature_id`, `valid_from`, `known_from`)
);
--> statement-breakpoint
CREATE INDEX `signature_spans_current_idx` ON `signature_spans` (`statement_id`,`position`,`valid_from`,`valid_to`,`signature_id`,`organization_id`) WHERE known_to IS NULL;--> statement-breakpoint
CREATE INDEX `signature_spans_statement_idx` ON `signature_spans` (`statement_id`,`position`,`known_from`);--> statement-breakpoint
CREATE INDEX `signature_spans_organization_idx` ON `signature_spans` (`organization_id`,`statement_id`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `signatures_active_org_idx`;--> statement-breakpoint
ALTER TABLE `signatures` ADD `withdrawal` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `retraction` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `printed_number` integer;--> statement-breakpoint
ALTER TABLE `signatures` DROP COLUMN `added_seq`;--> statement-breakpoint
ALTER TABLE `signatures` DROP COLUMN `withdrawn_seq`;--> statement-breakpoint
ALTER TABLE `revisions` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `revisions` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `signatory_event_items` ADD `printed_number` integer;--> statement-breakpoint
CREATE INDEX `signatory_event_items_organization_idx` ON `signatory_event_items` (`statement_id`,`organization_id`);--> statement-breakpoint
CREATE INDEX `signatory_event_items_signature_idx` ON `signatory_event_items` (`signature_id`);--> statement-breakpoint
ALTER TABLE `signatory_events` ADD `format` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Corrections: an event may now carry any as_of. seq stays contiguous, recorded_at never goes
-- back, and prev_hash must be the previous event's hash, so the record stays one chain.
DROP TRIGGER `signatory_events_in_order`;
--> statement-breakpoint
CREATE TRIGGER `signatory_events_in_order` BEFORE INSERT ON `signatory_events`
BEGIN
  SELECT RAISE(ABORT, 'signatory events must be numbered contiguously from 1')
  WHERE NEW.`seq` <> COALESCE((SELECT MAX(`seq`) FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id`), 0) + 1;
  SELECT RAISE(ABORT, 'a signatory event cannot be recorded before the previous one')
  WHERE NEW.`recorded_at` < (SELECT `recorded_at` FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq` - 1);
  SELECT RAISE(ABORT, 'a signatory event must chain to the previous one')
  WHERE NEW.`prev_hash` IS NOT (SELECT `hash` FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq` - 1);
END;
--> statement-breakpoint
-- Items belong to the event being written: none can be slipped into an older event, and none can
-- replace another (INSERT OR REPLACE deletes without firing DELETE triggers).
CREATE TRIGGER `signatory_event_items_append_only` BEFORE INSERT ON `signatory_event_items`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: items can only be added to the newest event')
  WHERE NEW.`seq` IS NOT (SELECT MAX(`seq`) FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id`);
  SELECT RAISE(ABORT, 'signatory events are append-only: an item cannot be replaced')
  WHERE EXISTS (SELECT 1 FROM `signatory_event_items` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq` AND `ord` = NEW.`ord`);
END;
--> statement-breakpoint
CREATE TRIGGER `signature_spans_no_delete` BEFORE DELETE ON `signature_spans`
BEGIN
  SELECT RAISE(ABORT, 'signature spans are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
-- A span is closed once (known_to set, after known_from) and otherwise never changes.
CREATE TRIGGER `signature_spans_close_once` BEFORE UPDATE ON `signature_spans`
WHEN OLD.`known_to` IS NOT NULL OR NEW.`known_to` IS NULL OR NEW.`known_to` <= OLD.`known_from`
  OR NEW.`statement_id` IS NOT OLD.`statement_id` OR NEW.`signature_id` IS NOT OLD.`signature_id`
  OR NEW.`organization_id` IS NOT OLD.`organization_id` OR NEW.`position` IS NOT OLD.`position`
  OR NEW.`valid_from` IS NOT OLD.`valid_from` OR NEW.`valid_to` IS NOT OLD.`valid_to` OR NEW.`known_from` IS NOT OLD.`known_from`
BEGIN
  SELECT RAISE(ABORT, 'signature spans are append-only: only known_to may be set, once');
END;
--> statement-breakpoint
CREATE TRIGGER `signature_spans_no_replace` BEFORE INSERT ON `signature_spans`
WHEN EXISTS (SELECT 1 FROM `signature_spans` WHERE `statement_id` = NEW.`statement_id` AND `signature_id` = NEW.`signature_id`
  AND `valid_from` = NEW.`valid_from` AND `known_from` = NEW.`known_from`)
BEGIN
  SELECT RAISE(ABORT, 'signature spans are append-only: a span cannot be replaced');
END;
--> statement-breakpoint
-- Revisions now carry a hash chain. Rows written before it get their hashes filled in once by
-- the upgrade step (src/db/upgrade.ts); after that, no revision can change and every new one
-- must carry a hash that chains to the previous revision.
DROP TRIGGER `revisions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `revisions_no_update` BEFORE UPDATE ON `revisions`
WHEN OLD.`hash` IS NOT NULL OR NEW.`hash` IS NULL
  OR NEW.`resource` IS NOT OLD.`resource` OR NEW.`resource_id` IS NOT OLD.`resource_id` OR NEW.`revision` IS NOT OLD.`revision`
  OR NEW.`action` IS NOT OLD.`action` OR NEW.`recorded_at` IS NOT OLD.`recorded_at` OR NEW.`recorded_by` IS NOT OLD.`recorded_by`
  OR NEW.`state` IS NOT OLD.`state`
BEGIN
  SELECT RAISE(ABORT, 'revisions are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `revisions_chained` BEFORE INSERT ON `revisions`
BEGIN
  SELECT RAISE(ABORT, 'revisions must carry a hash') WHERE NEW.`hash` IS NULL;
  SELECT RAISE(ABORT, 'a revision must chain to the previous one')
  WHERE NEW.`prev_hash` IS NOT (SELECT `hash` FROM `revisions` WHERE `resource` = NEW.`resource` AND `resource_id` = NEW.`resource_id` AND `revision` = NEW.`revision` - 1);
END;
--> statement-breakpoint
-- Heads are rewritten in place, but never their identity: with it fixed, UPDATE OR REPLACE can
-- never collide with (and silently delete) another row, and INSERT OR REPLACE is refused below.
CREATE TRIGGER `organizations_identity_fixed` BEFORE UPDATE OF `seq`, `id`, `created_at` ON `organizations`
BEGIN
  SELECT RAISE(ABORT, 'an organization''s id cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `organizations_no_replace` BEFORE INSERT ON `organizations`
WHEN EXISTS (SELECT 1 FROM `organizations` WHERE `id` = NEW.`id` OR `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'organizations are never replaced: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `statements_identity_fixed` BEFORE UPDATE OF `seq`, `id`, `created_at` ON `statements`
BEGIN
  SELECT RAISE(ABORT, 'a statement''s id cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `statements_no_replace` BEFORE INSERT ON `statements`
WHEN EXISTS (SELECT 1 FROM `statements` WHERE `id` = NEW.`id` OR `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'statements are never replaced: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_identity_fixed` BEFORE UPDATE OF `seq`, `id`, `statement_id`, `organization_id`, `position`, `printed_as`, `printed_number`, `created_at` ON `signatures`
BEGIN
  SELECT RAISE(ABORT, 'a signature''s statement, organization and position cannot change');
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_no_replace` BEFORE INSERT ON `signatures`
WHEN EXISTS (SELECT 1 FROM `signatures` WHERE `id` = NEW.`id` OR `seq` = NEW.`seq` OR (`statement_id` = NEW.`statement_id` AND `position` = NEW.`position`))
BEGIN
  SELECT RAISE(ABORT, 'signatures are never replaced: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signing_keys_no_update` BEFORE UPDATE ON `signing_keys`
BEGIN
  SELECT RAISE(ABORT, 'signing keys are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signing_keys_no_delete` BEFORE DELETE ON `signing_keys`
BEGIN
  SELECT RAISE(ABORT, 'signing keys are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signing_keys_no_replace` BEFORE INSERT ON `signing_keys`
WHEN EXISTS (SELECT 1 FROM `signing_keys` WHERE `kid` = NEW.`kid`)
BEGIN
  SELECT RAISE(ABORT, 'signing keys are append-only: a key cannot be replaced');
END;

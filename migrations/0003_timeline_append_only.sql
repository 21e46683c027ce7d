-- The signatory timeline is append-only: events and their items can be added, never changed.
CREATE TRIGGER `signatory_events_no_update` BEFORE UPDATE ON `signatory_events`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_events_no_delete` BEFORE DELETE ON `signatory_events`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_event_items_no_update` BEFORE UPDATE ON `signatory_event_items`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_event_items_no_delete` BEFORE DELETE ON `signatory_event_items`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
-- seq runs 1, 2, 3... per statement; as_of and recorded_at never go back. Together these make
-- the events visible at any (asOf, knownAt) a prefix of seq, which the as-of reads rely on.
CREATE TRIGGER `signatory_events_in_order` BEFORE INSERT ON `signatory_events`
BEGIN
  SELECT RAISE(ABORT, 'signatory events must be numbered contiguously from 1')
  WHERE NEW.`seq` <> COALESCE((SELECT MAX(`seq`) FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id`), 0) + 1;
  SELECT RAISE(ABORT, 'a signatory event cannot be dated before the previous one')
  WHERE NEW.`as_of` < (SELECT `as_of` FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq` - 1);
  SELECT RAISE(ABORT, 'a signatory event cannot be recorded before the previous one')
  WHERE NEW.`recorded_at` < (SELECT `recorded_at` FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq` - 1);
END;
--> statement-breakpoint
CREATE TRIGGER `statements_no_delete` BEFORE DELETE ON `statements`
BEGIN
  SELECT RAISE(ABORT, 'statements are soft-deleted: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `signatures_no_delete` BEFORE DELETE ON `signatures`
BEGIN
  SELECT RAISE(ABORT, 'signatures are never deleted: withdraw them with a signatory event');
END;

ALTER TABLE `signatory_events` ADD `latest_total` integer;--> statement-breakpoint
ALTER TABLE `signature_spans` ADD `printed_as` text;--> statement-breakpoint
ALTER TABLE `signature_spans` ADD `printed_number` integer;--> statement-breakpoint
-- Fill the new derived columns of existing rows once, from the record itself, with the guards
-- lifted for this statement only. (Databases whose spans are rebuilt by the 0006 upgrade step
-- after this migration get them from that step; a null latest_total is counted on demand.)
DROP TRIGGER `signatory_events_no_update`;
--> statement-breakpoint
UPDATE `signatory_events` SET `latest_total` = (
  SELECT count(*) FROM `signature_spans` sp
  WHERE sp.`statement_id` = `signatory_events`.`statement_id` AND sp.`known_from` <= `signatory_events`.`seq`
    AND (sp.`known_to` IS NULL OR sp.`known_to` > `signatory_events`.`seq`) AND sp.`valid_to` IS NULL)
WHERE EXISTS (SELECT 1 FROM `signature_spans` sp WHERE sp.`statement_id` = `signatory_events`.`statement_id`);
--> statement-breakpoint
CREATE TRIGGER `signatory_events_no_update` BEFORE UPDATE ON `signatory_events`
BEGIN
  SELECT RAISE(ABORT, 'signatory events are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
DROP TRIGGER `signature_spans_close_once`;
--> statement-breakpoint
UPDATE `signature_spans` SET
  `printed_as` = (SELECT i.`printed_as` FROM `signatory_event_items` i JOIN `signatory_events` e ON e.`statement_id` = i.`statement_id` AND e.`seq` = i.`seq`
    WHERE i.`signature_id` = `signature_spans`.`signature_id` AND i.`kind` = 'add' AND e.`as_of` = `signature_spans`.`valid_from` AND i.`seq` <= `signature_spans`.`known_from`
    ORDER BY i.`seq` LIMIT 1),
  `printed_number` = (SELECT i.`printed_number` FROM `signatory_event_items` i JOIN `signatory_events` e ON e.`statement_id` = i.`statement_id` AND e.`seq` = i.`seq`
    WHERE i.`signature_id` = `signature_spans`.`signature_id` AND i.`kind` = 'add' AND e.`as_of` = `signature_spans`.`valid_from` AND i.`seq` <= `signature_spans`.`known_from`
    ORDER BY i.`seq` LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER `signature_spans_close_once` BEFORE UPDATE ON `signature_spans`
WHEN OLD.`known_to` IS NOT NULL OR NEW.`known_to` IS NULL OR NEW.`known_to` <= OLD.`known_from`
  OR NEW.`statement_id` IS NOT OLD.`statement_id` OR NEW.`signature_id` IS NOT OLD.`signature_id`
  OR NEW.`organization_id` IS NOT OLD.`organization_id` OR NEW.`position` IS NOT OLD.`position`
  OR NEW.`valid_from` IS NOT OLD.`valid_from` OR NEW.`valid_to` IS NOT OLD.`valid_to` OR NEW.`known_from` IS NOT OLD.`known_from`
  OR NEW.`printed_as` IS NOT OLD.`printed_as` OR NEW.`printed_number` IS NOT OLD.`printed_number`
BEGIN
  SELECT RAISE(ABORT, 'signature spans are append-only: only known_to may be set, once');
END;
--> statement-breakpoint
-- Name keys gain a kind (the abbreviation alone); they are derived, so they are rebuilt at start.
DELETE FROM `organization_names`;

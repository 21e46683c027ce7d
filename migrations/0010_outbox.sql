CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`target` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`delivered_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`next_attempt_at`) WHERE delivered_at is null;--> statement-breakpoint
CREATE INDEX `outbox_unclaimed_idx` ON `outbox` (`topic`,`target`,`payload`) WHERE delivered_at is null and attempts = 0;--> statement-breakpoint
CREATE TABLE `outbox_targets` (
	`topic` text NOT NULL,
	`target` text NOT NULL,
	PRIMARY KEY(`topic`, `target`)
);
--> statement-breakpoint
-- The outbox is append-only in spirit: a message is delivered (marked), never deleted, and what
-- it says (topic, target, payload) never changes. Only the delivery bookkeeping moves.
CREATE TRIGGER `outbox_no_delete` BEFORE DELETE ON `outbox`
BEGIN
  SELECT RAISE(ABORT, 'the outbox is append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_message_fixed` BEFORE UPDATE ON `outbox`
BEGIN
  SELECT RAISE(ABORT, 'an outbox message cannot change: only its delivery bookkeeping can')
  WHERE NEW.`id` IS NOT OLD.`id` OR NEW.`topic` IS NOT OLD.`topic` OR NEW.`target` IS NOT OLD.`target`
     OR NEW.`payload` IS NOT OLD.`payload` OR NEW.`created_at` IS NOT OLD.`created_at`;
  SELECT RAISE(ABORT, 'a delivered outbox message is final') WHERE OLD.`delivered_at` IS NOT NULL;
  SELECT RAISE(ABORT, 'outbox attempts only go up') WHERE NEW.`attempts` < OLD.`attempts`;
END;
--> statement-breakpoint
-- Cache purges. Every committed change to what a cached read shows passes through one of these
-- two tables, whichever connection wrote it (server, import worker, CLI): a revision of a
-- statement, organization or signature, or a signatory event. Each queues the surrogate keys it
-- makes stale (the xkey header of src/http/response-cache.ts) for every cache in outbox_targets,
-- in the same transaction. Nothing is written while no cache is configured. A message not yet
-- tried with the same keys for the same cache absorbs a new one: it will be sent after this
-- commit anyway.
--   statement:{id}         latest reads of a statement's list, diff (and, with issue 11, its feeds and pages)
--   statement:{id}:pinned  pinned reads of it (changed only by a revision of the statement itself: a deletion)
--   statements             the statement collection
--   organization:{id}      an organization's latest reads (and :pinned, its pinned ones)
--   organizations          the organization collection
--   signatures             which statements each organization signed
-- A signature's creation queues nothing: only an event creates signatures, and the event does.
CREATE TRIGGER `outbox_cache_purge_on_revision` AFTER INSERT ON `revisions`
WHEN EXISTS (SELECT 1 FROM `outbox_targets` WHERE `topic` = 'cache-purge')
BEGIN
  INSERT INTO `outbox` (`topic`, `target`, `payload`)
  SELECT 'cache-purge', t.`target`, k.`keys`
  FROM `outbox_targets` t, (SELECT CASE
    WHEN NEW.`resource` = 'statement' AND NEW.`action` = 'create' THEN json_array('statements')
    WHEN NEW.`resource` = 'statement' THEN json_array('statement:' || NEW.`resource_id`, 'statement:' || NEW.`resource_id` || ':pinned', 'statements', 'signatures')
    WHEN NEW.`resource` = 'organization' AND NEW.`action` = 'create' THEN json_array('organizations')
    WHEN NEW.`resource` = 'organization' THEN (
      SELECT json_group_array(`key`) FROM (
        SELECT 'organization:' || NEW.`resource_id` AS `key` UNION ALL SELECT 'organization:' || NEW.`resource_id` || ':pinned' UNION ALL SELECT 'organizations'
        UNION ALL SELECT * FROM (SELECT DISTINCT 'statement:' || `statement_id` FROM `signatures` WHERE `organization_id` = NEW.`resource_id` ORDER BY 1)))
    WHEN NEW.`resource` = 'signature' AND NEW.`action` <> 'create' THEN
      json_array('statement:' || (SELECT `statement_id` FROM `signatures` WHERE `id` = NEW.`resource_id`), 'signatures')
    END AS `keys`) k
  WHERE t.`topic` = 'cache-purge' AND k.`keys` IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM `outbox` o WHERE o.`topic` = 'cache-purge' AND o.`target` = t.`target` AND o.`payload` = k.`keys` AND o.`delivered_at` IS NULL AND o.`attempts` = 0);
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_cache_purge_on_event` AFTER INSERT ON `signatory_events`
WHEN EXISTS (SELECT 1 FROM `outbox_targets` WHERE `topic` = 'cache-purge')
BEGIN
  INSERT INTO `outbox` (`topic`, `target`, `payload`)
  SELECT 'cache-purge', t.`target`, json_array('statement:' || NEW.`statement_id`, 'statements', 'signatures')
  FROM `outbox_targets` t
  WHERE t.`topic` = 'cache-purge'
    AND NOT EXISTS (SELECT 1 FROM `outbox` o WHERE o.`topic` = 'cache-purge' AND o.`target` = t.`target` AND o.`delivered_at` IS NULL AND o.`attempts` = 0
      AND o.`payload` = json_array('statement:' || NEW.`statement_id`, 'statements', 'signatures'));
END;

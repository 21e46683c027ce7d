CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`outbox_id` integer NOT NULL,
	`message_id` text NOT NULL,
	`event_type` text NOT NULL,
	`attempt` integer NOT NULL,
	`attempted_at` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`status_code` integer,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_subscription_idx` ON `webhook_deliveries` (`subscription_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`statement_id` text,
	`secret` text NOT NULL,
	`status` text NOT NULL,
	`disabled_reason` text,
	`disabled_at` text,
	`failing_since` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_subscriptions_id_unique` ON `webhook_subscriptions` (`id`);--> statement-breakpoint
-- A subscription's secret, address and choice of events are fixed once made; only its status
-- (active, disabled, with why and since when), its run of failures and its deletion move. It is
-- never deleted: the delivery log refers to it.
CREATE TRIGGER `webhook_subscriptions_fixed` BEFORE UPDATE ON `webhook_subscriptions`
BEGIN
  SELECT RAISE(ABORT, 'a webhook subscription''s id, url, events, statement, secret and creation cannot change')
  WHERE NEW.`seq` IS NOT OLD.`seq` OR NEW.`id` IS NOT OLD.`id` OR NEW.`url` IS NOT OLD.`url` OR NEW.`events` IS NOT OLD.`events`
     OR NEW.`statement_id` IS NOT OLD.`statement_id` OR NEW.`secret` IS NOT OLD.`secret`
     OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`created_by` IS NOT OLD.`created_by`;
  SELECT RAISE(ABORT, 'a deleted webhook subscription is final') WHERE OLD.`deleted_at` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_subscriptions_no_delete` BEFORE DELETE ON `webhook_subscriptions`
BEGIN
  SELECT RAISE(ABORT, 'webhook subscriptions are deleted softly (deleted_at): DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_subscriptions_no_replace` BEFORE INSERT ON `webhook_subscriptions`
WHEN EXISTS (SELECT 1 FROM `webhook_subscriptions` WHERE `id` = NEW.`id` OR `seq` = NEW.`seq`)
BEGIN
  SELECT RAISE(ABORT, 'webhook subscriptions are never replaced: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_no_replace` BEFORE INSERT ON `webhook_deliveries`
WHEN EXISTS (SELECT 1 FROM `webhook_deliveries` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'the webhook delivery log is append-only: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_no_update` BEFORE UPDATE ON `webhook_deliveries`
BEGIN
  SELECT RAISE(ABORT, 'the webhook delivery log is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_no_delete` BEFORE DELETE ON `webhook_deliveries`
BEGIN
  SELECT RAISE(ABORT, 'the webhook delivery log is append-only: DELETE is not allowed');
END;
--> statement-breakpoint
-- An active subscription is a target of the outbox's `webhook` topic: the worker delivers only
-- to listed targets, so a disabled or deleted subscription's messages wait, untried.
CREATE TRIGGER `webhook_subscriptions_listed` AFTER INSERT ON `webhook_subscriptions`
WHEN NEW.`status` = 'active' AND NEW.`deleted_at` IS NULL
BEGIN
  INSERT OR IGNORE INTO `outbox_targets` (`topic`, `target`) VALUES ('webhook', NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `webhook_subscriptions_relisted` AFTER UPDATE OF `status`, `deleted_at` ON `webhook_subscriptions`
BEGIN
  DELETE FROM `outbox_targets` WHERE `topic` = 'webhook' AND `target` = OLD.`id`;
  INSERT OR IGNORE INTO `outbox_targets` (`topic`, `target`)
  SELECT 'webhook', NEW.`id` WHERE NEW.`status` = 'active' AND NEW.`deleted_at` IS NULL;
END;
--> statement-breakpoint
-- Webhook messages, queued in the transaction that writes the event, whichever connection writes
-- it (server, import worker, CLI): one per active subscription that asked for the event type
-- (and for the statement, when it names one). The payload names the event; the deliverer reads
-- it (events and revisions never change), so every retry sends the same body.
CREATE TRIGGER `outbox_webhook_on_event` AFTER INSERT ON `signatory_events`
WHEN EXISTS (SELECT 1 FROM `outbox_targets` WHERE `topic` = 'webhook')
BEGIN
  INSERT INTO `outbox` (`topic`, `target`, `payload`)
  SELECT 'webhook', s.`id`, json_object('type', 'signatory-event.recorded', 'statementId', NEW.`statement_id`, 'seq', NEW.`seq`)
  FROM `webhook_subscriptions` s JOIN `outbox_targets` t ON t.`topic` = 'webhook' AND t.`target` = s.`id`
  WHERE (s.`statement_id` IS NULL OR s.`statement_id` = NEW.`statement_id`)
    AND EXISTS (SELECT 1 FROM json_each(s.`events`) e WHERE e.`value` = 'signatory-event.recorded')
  ORDER BY s.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_webhook_on_statement_revision` AFTER INSERT ON `revisions`
WHEN NEW.`resource` = 'statement' AND EXISTS (SELECT 1 FROM `outbox_targets` WHERE `topic` = 'webhook')
BEGIN
  INSERT INTO `outbox` (`topic`, `target`, `payload`)
  SELECT 'webhook', s.`id`, json_object('type', k.`type`, 'statementId', NEW.`resource_id`, 'revision', NEW.`revision`)
  FROM `webhook_subscriptions` s JOIN `outbox_targets` t ON t.`topic` = 'webhook' AND t.`target` = s.`id`,
    (SELECT 'statement.' || CASE NEW.`action` WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated' ELSE 'deleted' END AS `type`) k
  WHERE (s.`statement_id` IS NULL OR s.`statement_id` = NEW.`resource_id`)
    AND EXISTS (SELECT 1 FROM json_each(s.`events`) e WHERE e.`value` = k.`type`)
  ORDER BY s.`seq`;
END;

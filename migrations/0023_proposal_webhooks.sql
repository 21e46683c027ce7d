-- Webhooks for proposals (src/modules/proposals/): as for events, the outbox is filled by a
-- trigger, so a proposal made by any connection is announced to every subscription that asks
-- for `proposal.created` (of its statement, or of all).
CREATE TRIGGER `outbox_webhook_on_proposal` AFTER INSERT ON `proposals`
WHEN EXISTS (SELECT 1 FROM `outbox_targets` WHERE `topic` = 'webhook')
BEGIN
  INSERT INTO `outbox` (`topic`, `target`, `payload`)
  SELECT 'webhook', s.`id`, json_object('type', 'proposal.created', 'proposalId', NEW.`id`)
  FROM `webhook_subscriptions` s JOIN `outbox_targets` t ON t.`topic` = 'webhook' AND t.`target` = s.`id`
  WHERE (s.`statement_id` IS NULL OR s.`statement_id` = NEW.`statement_id`)
    AND EXISTS (SELECT 1 FROM json_each(s.`events`) e WHERE e.`value` = 'proposal.created')
  ORDER BY s.`seq`;
END;

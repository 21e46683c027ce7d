-- Format-1 events (written by 0.1.0, before corrections) hash their additions and withdrawals
-- only: a retraction or a printed number added to one would be served without being hashed.
-- No code writes format-1 events any more, so none of them can gain an item.
CREATE TRIGGER `signatory_event_items_format1_closed` BEFORE INSERT ON `signatory_event_items`
WHEN (SELECT `format` FROM `signatory_events` WHERE `statement_id` = NEW.`statement_id` AND `seq` = NEW.`seq`) = 1
BEGIN
  SELECT RAISE(ABORT, 'signatory events of format 1 are closed: no item can be added to them');
END;

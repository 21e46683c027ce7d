-- The log over every record (src/db/schema-log.ts, src/modules/log/). Each record a table keeps
-- (events, revisions, merges, key rotations) becomes a leaf of one Merkle tree (RFC 9162) as it
-- is inserted, by these triggers, on any connection: a write path cannot forget it. The hashes
-- come from SQL functions every connection of the application registers (src/db/log-functions.ts);
-- elsewhere (the sqlite3 shell) a record cannot be inserted at all.
--
-- log_append takes (kind, subject, number, record_hash) and appends the leaf. Its hashes are the
-- leaf hash, then each complete subtree the leaf closes: leaf i closes a subtree of level L+1
-- when its low L+1 bits are all 1, and that subtree's left half ends at leaf i - 2^L, whose
-- hashes hold it at level L. The 32 arguments below are those left halves (levels 0..31, enough
-- for 2^32 leaves); SQLite evaluates only the CASEs whose condition holds, about one per leaf.
CREATE VIEW `log_append` AS SELECT `kind`, `subject`, `number`, `record_hash` FROM `log_entries` WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `log_append_insert` INSTEAD OF INSERT ON `log_append`
BEGIN
  INSERT INTO `log_entries` (`idx`, `kind`, `subject`, `number`, `record_hash`, `hashes`)
  SELECT n.i, NEW.`kind`, NEW.`subject`, NEW.`number`, NEW.`record_hash`, log_hashes(NEW.`kind`, NEW.`subject`, NEW.`number`, NEW.`record_hash`,
    CASE WHEN n.i & 1 = 1 THEN (SELECT substr(`hashes`, 1, 64) FROM `log_entries` WHERE `idx` = n.i - 1) END,
    CASE WHEN n.i & 3 = 3 THEN (SELECT substr(`hashes`, 65, 64) FROM `log_entries` WHERE `idx` = n.i - 2) END,
    CASE WHEN n.i & 7 = 7 THEN (SELECT substr(`hashes`, 129, 64) FROM `log_entries` WHERE `idx` = n.i - 4) END,
    CASE WHEN n.i & 15 = 15 THEN (SELECT substr(`hashes`, 193, 64) FROM `log_entries` WHERE `idx` = n.i - 8) END,
    CASE WHEN n.i & 31 = 31 THEN (SELECT substr(`hashes`, 257, 64) FROM `log_entries` WHERE `idx` = n.i - 16) END,
    CASE WHEN n.i & 63 = 63 THEN (SELECT substr(`hashes`, 321, 64) FROM `log_entries` WHERE `idx` = n.i - 32) END,
    CASE WHEN n.i & 127 = 127 THEN (SELECT substr(`hashes`, 385, 64) FROM `log_entries` WHERE `idx` = n.i - 64) END,
    CASE WHEN n.i & 255 = 255 THEN (SELECT substr(`hashes`, 449, 64) FROM `log_entries` WHERE `idx` = n.i - 128) END,
    CASE WHEN n.i & 511 = 511 THEN (SELECT substr(`hashes`, 513, 64) FROM `log_entries` WHERE `idx` = n.i - 256) END,
    CASE WHEN n.i & 1023 = 1023 THEN (SELECT substr(`hashes`, 577, 64) FROM `log_entries` WHERE `idx` = n.i - 512) END,
    CASE WHEN n.i & 2047 = 2047 THEN (SELECT substr(`hashes`, 641, 64) FROM `log_entries` WHERE `idx` = n.i - 1024) END,
    CASE WHEN n.i & 4095 = 4095 THEN (SELECT substr(`hashes`, 705, 64) FROM `log_entries` WHERE `idx` = n.i - 2048) END,
    CASE WHEN n.i & 8191 = 8191 THEN (SELECT substr(`hashes`, 769, 64) FROM `log_entries` WHERE `idx` = n.i - 4096) END,
    CASE WHEN n.i & 16383 = 16383 THEN (SELECT substr(`hashes`, 833, 64) FROM `log_entries` WHERE `idx` = n.i - 8192) END,
    CASE WHEN n.i & 32767 = 32767 THEN (SELECT substr(`hashes`, 897, 64) FROM `log_entries` WHERE `idx` = n.i - 16384) END,
    CASE WHEN n.i & 65535 = 65535 THEN (SELECT substr(`hashes`, 961, 64) FROM `log_entries` WHERE `idx` = n.i - 32768) END,
    CASE WHEN n.i & 131071 = 131071 THEN (SELECT substr(`hashes`, 1025, 64) FROM `log_entries` WHERE `idx` = n.i - 65536) END,
    CASE WHEN n.i & 262143 = 262143 THEN (SELECT substr(`hashes`, 1089, 64) FROM `log_entries` WHERE `idx` = n.i - 131072) END,
    CASE WHEN n.i & 524287 = 524287 THEN (SELECT substr(`hashes`, 1153, 64) FROM `log_entries` WHERE `idx` = n.i - 262144) END,
    CASE WHEN n.i & 1048575 = 1048575 THEN (SELECT substr(`hashes`, 1217, 64) FROM `log_entries` WHERE `idx` = n.i - 524288) END,
    CASE WHEN n.i & 2097151 = 2097151 THEN (SELECT substr(`hashes`, 1281, 64) FROM `log_entries` WHERE `idx` = n.i - 1048576) END,
    CASE WHEN n.i & 4194303 = 4194303 THEN (SELECT substr(`hashes`, 1345, 64) FROM `log_entries` WHERE `idx` = n.i - 2097152) END,
    CASE WHEN n.i & 8388607 = 8388607 THEN (SELECT substr(`hashes`, 1409, 64) FROM `log_entries` WHERE `idx` = n.i - 4194304) END,
    CASE WHEN n.i & 16777215 = 16777215 THEN (SELECT substr(`hashes`, 1473, 64) FROM `log_entries` WHERE `idx` = n.i - 8388608) END,
    CASE WHEN n.i & 33554431 = 33554431 THEN (SELECT substr(`hashes`, 1537, 64) FROM `log_entries` WHERE `idx` = n.i - 16777216) END,
    CASE WHEN n.i & 67108863 = 67108863 THEN (SELECT substr(`hashes`, 1601, 64) FROM `log_entries` WHERE `idx` = n.i - 33554432) END,
    CASE WHEN n.i & 134217727 = 134217727 THEN (SELECT substr(`hashes`, 1665, 64) FROM `log_entries` WHERE `idx` = n.i - 67108864) END,
    CASE WHEN n.i & 268435455 = 268435455 THEN (SELECT substr(`hashes`, 1729, 64) FROM `log_entries` WHERE `idx` = n.i - 134217728) END,
    CASE WHEN n.i & 536870911 = 536870911 THEN (SELECT substr(`hashes`, 1793, 64) FROM `log_entries` WHERE `idx` = n.i - 268435456) END,
    CASE WHEN n.i & 1073741823 = 1073741823 THEN (SELECT substr(`hashes`, 1857, 64) FROM `log_entries` WHERE `idx` = n.i - 536870912) END,
    CASE WHEN n.i & 2147483647 = 2147483647 THEN (SELECT substr(`hashes`, 1921, 64) FROM `log_entries` WHERE `idx` = n.i - 1073741824) END,
    CASE WHEN n.i & 4294967295 = 4294967295 THEN (SELECT substr(`hashes`, 1985, 64) FROM `log_entries` WHERE `idx` = n.i - 2147483648) END)
  FROM (SELECT coalesce(max(`idx`), -1) + 1 AS i FROM `log_entries`) n;
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_events_logged` AFTER INSERT ON `signatory_events`
BEGIN
  INSERT INTO `log_append` VALUES ('event', NEW.`statement_id`, NEW.`seq`, NEW.`hash`);
END;
--> statement-breakpoint
CREATE TRIGGER `revisions_logged` AFTER INSERT ON `revisions`
BEGIN
  INSERT INTO `log_append` VALUES (NEW.`resource`, NEW.`resource_id`, NEW.`revision`, NEW.`hash`);
END;
--> statement-breakpoint
CREATE TRIGGER `organization_merges_logged` AFTER INSERT ON `organization_merges`
BEGIN
  INSERT INTO `log_append` VALUES ('merge', NEW.`organization_id`, NEW.`seq`, NEW.`hash`);
END;
--> statement-breakpoint
CREATE TRIGGER `key_rotations_logged` AFTER INSERT ON `key_rotations`
BEGIN
  INSERT INTO `log_append` VALUES ('key-rotation', NEW.`to_kid`, NEW.`seq`, NEW.`hash`);
END;
--> statement-breakpoint
-- Append-only, in order, one leaf per record; REPLACE cannot get around it (its deletes fire no trigger).
CREATE TRIGGER `log_entries_in_order` BEFORE INSERT ON `log_entries`
BEGIN
  SELECT RAISE(ABORT, 'the log is append-only: leaves are numbered contiguously from 0')
  WHERE NEW.`idx` IS NOT (SELECT coalesce(max(`idx`), -1) + 1 FROM `log_entries`);
  SELECT RAISE(ABORT, 'the log is append-only: a record has one leaf')
  WHERE EXISTS (SELECT 1 FROM `log_entries` WHERE `subject` = NEW.`subject` AND `kind` = NEW.`kind` AND `number` = NEW.`number`);
END;
--> statement-breakpoint
CREATE TRIGGER `log_entries_no_update` BEFORE UPDATE ON `log_entries`
BEGIN
  SELECT RAISE(ABORT, 'the log is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `log_entries_no_delete` BEFORE DELETE ON `log_entries`
BEGIN
  SELECT RAISE(ABORT, 'the log is append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `key_rotations_in_order` BEFORE INSERT ON `key_rotations`
BEGIN
  SELECT RAISE(ABORT, 'key rotations are append-only: numbered contiguously from 1')
  WHERE NEW.`seq` IS NOT (SELECT coalesce(max(`seq`), 0) + 1 FROM `key_rotations`);
END;
--> statement-breakpoint
CREATE TRIGGER `key_rotations_no_update` BEFORE UPDATE ON `key_rotations`
BEGIN
  SELECT RAISE(ABORT, 'key rotations are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `key_rotations_no_delete` BEFORE DELETE ON `key_rotations`
BEGIN
  SELECT RAISE(ABORT, 'key rotations are append-only: DELETE is not allowed');
END;

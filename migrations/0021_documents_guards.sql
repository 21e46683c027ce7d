-- Documents kept as evidence (src/db/schema-documents.ts, src/modules/documents/): stored once
-- by their SHA-256 and never changed or removed; captures appended, each a leaf of the log; an
-- event names only a document that is kept.
CREATE TRIGGER `documents_no_replace` BEFORE INSERT ON `documents`
WHEN EXISTS (SELECT 1 FROM `documents` WHERE `sha256` = NEW.`sha256`)
BEGIN
  SELECT RAISE(ABORT, 'documents are stored once: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_no_update` BEFORE UPDATE ON `documents`
BEGIN
  SELECT RAISE(ABORT, 'documents are kept as received: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_no_delete` BEFORE DELETE ON `documents`
BEGIN
  SELECT RAISE(ABORT, 'documents are kept as received: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `document_captures_no_replace` BEFORE INSERT ON `document_captures`
WHEN EXISTS (SELECT 1 FROM `document_captures` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'document captures are append-only: INSERT OR REPLACE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `document_captures_no_update` BEFORE UPDATE ON `document_captures`
BEGIN
  SELECT RAISE(ABORT, 'document captures are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `document_captures_no_delete` BEFORE DELETE ON `document_captures`
BEGIN
  SELECT RAISE(ABORT, 'document captures are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `document_captures_logged` AFTER INSERT ON `document_captures`
BEGIN
  INSERT INTO `log_append` VALUES ('document-capture', NEW.`sha256`, NEW.`id`, NEW.`hash`);
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_events_document_kept` BEFORE INSERT ON `signatory_events`
WHEN NEW.`document` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `documents` WHERE `sha256` = NEW.`document`)
BEGIN
  SELECT RAISE(ABORT, 'an event can name only a document that is kept');
END;

-- History is append-only, enforced here so that no code path (or hand-run SQL) can lose it.
CREATE TRIGGER `revisions_no_update` BEFORE UPDATE ON `revisions`
BEGIN
  SELECT RAISE(ABORT, 'revisions are append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `revisions_no_delete` BEFORE DELETE ON `revisions`
BEGIN
  SELECT RAISE(ABORT, 'revisions are append-only: DELETE is not allowed');
END;
--> statement-breakpoint
-- Revision numbers run 1, 2, 3... per resource with no gap and no reuse.
CREATE TRIGGER `revisions_contiguous` BEFORE INSERT ON `revisions`
WHEN NEW.`revision` <> COALESCE(
  (SELECT MAX(`revision`) FROM `revisions` WHERE `resource` = NEW.`resource` AND `resource_id` = NEW.`resource_id`), 0) + 1
BEGIN
  SELECT RAISE(ABORT, 'revisions must be numbered contiguously from 1');
END;
--> statement-breakpoint
-- Organizations are soft-deleted (a revision records it); a hard DELETE would orphan history.
CREATE TRIGGER `organizations_no_delete` BEFORE DELETE ON `organizations`
BEGIN
  SELECT RAISE(ABORT, 'organizations are soft-deleted: DELETE is not allowed');
END;

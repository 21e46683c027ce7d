-- Every index serves a query the API makes, named in docs/design.md (Indexes) and checked by
-- tests/indexes.test.ts. Two served none: items by signature (the one query that could use it, a
-- merge's withdrawal reasons, is planned on the statement's own key) and merges by survivor. The
-- issuer index could not serve its query, which compares issuers case-blind: now it does too.
DROP INDEX `signatory_event_items_signature_idx`;--> statement-breakpoint
DROP INDEX `organization_merges_into_idx`;--> statement-breakpoint
DROP INDEX `statements_issuer_idx`;--> statement-breakpoint
CREATE INDEX `statements_issuer_idx` ON `statements` ("issuer" COLLATE NOCASE,`seq`);
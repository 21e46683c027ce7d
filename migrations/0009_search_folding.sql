-- Search now also folds German ae/oe/ue and indexes words joined across apostrophes and word
-- breaks (src/lib/search-text.ts). The search text is derived: blank it here, and
-- openMigratedDatabase (src/database.ts, fillSearchText) derives it again for every blank row.
UPDATE `organizations` SET `search_text` = '';
--> statement-breakpoint
UPDATE `statements` SET `search_text` = '';

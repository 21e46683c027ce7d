-- New organizations enter the search index in one statement per chunk of an insert
-- (src/modules/organizations/repository.ts), not by a trigger per row: for 5,000 new
-- organizations (a published list) the trigger took 100-130 ms, one INSERT ... SELECT 35-50 ms.
-- The only write path for organizations writes both in its transaction; the whole-database check
-- compares the index with the table (src/modules/integrity/search-index.ts). Changes of a search
-- text still go through organizations_fts_update, one row at a time as they happen.
DROP TRIGGER `organizations_fts_insert`;

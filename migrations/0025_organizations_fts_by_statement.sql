-- New organizations enter the search index in one statement per chunk of an insert
-- (src/modules/organizations/repository.ts), not by a trigger per row: 5,000 rows (a published
-- list's new organizations) and their index entries took 100-130 ms with the trigger, 35-50 ms
-- with one INSERT ... SELECT after them.
-- The only write path for organizations writes both in its transaction (the bench's write peer
-- does the same); the whole-database check compares the index with the table
-- (src/modules/integrity/search-index.ts). Changes of a search text still go through
-- organizations_fts_update, one row at a time as they happen.
DROP TRIGGER IF EXISTS `organizations_fts_insert`;

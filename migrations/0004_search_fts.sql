-- Full-text search over the folded (transliterated, lower-cased) names and texts. External
-- content tables: the text lives once, in search_text; triggers keep the indexes in step.
CREATE VIRTUAL TABLE `organizations_fts` USING fts5(
  `search_text`, content='organizations', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `organizations_fts` (`rowid`, `search_text`) SELECT `seq`, `search_text` FROM `organizations`;
--> statement-breakpoint
CREATE TRIGGER `organizations_fts_insert` AFTER INSERT ON `organizations`
BEGIN
  INSERT INTO `organizations_fts` (`rowid`, `search_text`) VALUES (NEW.`seq`, NEW.`search_text`);
END;
--> statement-breakpoint
CREATE TRIGGER `organizations_fts_update` AFTER UPDATE OF `search_text` ON `organizations`
BEGIN
  INSERT INTO `organizations_fts` (`organizations_fts`, `rowid`, `search_text`) VALUES ('delete', OLD.`seq`, OLD.`search_text`);
  INSERT INTO `organizations_fts` (`rowid`, `search_text`) VALUES (NEW.`seq`, NEW.`search_text`);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `statements_fts` USING fts5(
  `search_text`, content='statements', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `statements_fts` (`rowid`, `search_text`) SELECT `seq`, `search_text` FROM `statements`;
--> statement-breakpoint
CREATE TRIGGER `statements_fts_insert` AFTER INSERT ON `statements`
BEGIN
  INSERT INTO `statements_fts` (`rowid`, `search_text`) VALUES (NEW.`seq`, NEW.`search_text`);
END;
--> statement-breakpoint
CREATE TRIGGER `statements_fts_update` AFTER UPDATE OF `search_text` ON `statements`
BEGIN
  INSERT INTO `statements_fts` (`statements_fts`, `rowid`, `search_text`) VALUES ('delete', OLD.`seq`, OLD.`search_text`);
  INSERT INTO `statements_fts` (`rowid`, `search_text`) VALUES (NEW.`seq`, NEW.`search_text`);
END;

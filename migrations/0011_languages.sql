ALTER TABLE `organizations` ADD `names` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `statements` ADD `versions` text DEFAULT '[]' NOT NULL;
ALTER TABLE `statements` ADD `declared_count` integer;--> statement-breakpoint
CREATE INDEX `statements_deleted_idx` ON `statements` (`id`) WHERE deleted_at IS NOT NULL;
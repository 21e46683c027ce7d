CREATE TABLE `organization_names` (
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`organization_id` text NOT NULL,
	PRIMARY KEY(`key`, `kind`, `organization_id`)
);
--> statement-breakpoint
CREATE INDEX `organization_names_organization_idx` ON `organization_names` (`organization_id`);
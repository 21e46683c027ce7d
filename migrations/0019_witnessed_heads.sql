CREATE TABLE `witnessed_heads` (
	`payload` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`signatures` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `witnessed_heads_size_idx` ON `witnessed_heads` (`size`);
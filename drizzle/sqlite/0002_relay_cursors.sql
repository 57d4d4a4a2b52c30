CREATE TABLE `relay_cursors` (
	`relay` text PRIMARY KEY NOT NULL,
	`cursor` integer NOT NULL,
	`updated_at` text NOT NULL
);

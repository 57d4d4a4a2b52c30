CREATE TABLE "relay_cursors" (
	"relay" text COLLATE "C" PRIMARY KEY NOT NULL,
	"cursor" bigint NOT NULL,
	"updated_at" timestamp(3) with time zone NOT NULL
);

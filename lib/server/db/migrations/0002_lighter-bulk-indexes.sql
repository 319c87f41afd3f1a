-- Fewer indexes on the two tables every imported row goes through: the event's dedup key becomes
-- the events table's primary key (no separate id and unique index), and staged rows keep only theirs.
ALTER TABLE "events" DROP CONSTRAINT "events_dedup_key_unique";--> statement-breakpoint
DROP INDEX "staged_rows_dedup";--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "events" ADD PRIMARY KEY ("dedup_key");

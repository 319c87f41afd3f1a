-- The built-in store is its own ledger (decision 019): its events keep their moment key, and the
-- ledger's second copy of every stored event goes.
ALTER TABLE "events" ADD COLUMN "moment_key" text;--> statement-breakpoint
UPDATE "events" e SET "moment_key" = d."moment_key" FROM "delivered_events" d
  WHERE d."destination" = 'builtin' AND d."dedup_key" = e."dedup_key" AND d."moment_key" IS NOT NULL;--> statement-breakpoint
DELETE FROM "delivered_events" WHERE "destination" = 'builtin';--> statement-breakpoint
CREATE INDEX "events_moment" ON "events" USING btree ("moment_key") WHERE "events"."moment_key" IS NOT NULL;

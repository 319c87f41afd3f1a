ALTER TABLE "remembered_choices" DROP CONSTRAINT "remembered_choices_user_fk";
--> statement-breakpoint
ALTER TABLE "remembered_choices" DROP CONSTRAINT "remembered_choices_pk";--> statement-breakpoint
ALTER TABLE "remembered_choices" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
-- The workspace keeps one set of choices per header: the latest any user saved.
DELETE FROM "remembered_choices" r USING "remembered_choices" newer
  WHERE newer."header_hash" = r."header_hash" AND (newer."saved_at", newer."user_id") > (r."saved_at", r."user_id");--> statement-breakpoint
ALTER TABLE "remembered_choices" ADD CONSTRAINT "remembered_choices_header_pk" PRIMARY KEY("header_hash");--> statement-breakpoint
ALTER TABLE "delivered_events" ADD COLUMN "moment_key" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "send_changed_repeats" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "staged_rows" ADD COLUMN "moment_key" text;--> statement-breakpoint
ALTER TABLE "remembered_choices" ADD CONSTRAINT "remembered_choices_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivered_events_moment" ON "delivered_events" USING btree ("destination","moment_key") WHERE "delivered_events"."moment_key" IS NOT NULL;
ALTER TABLE "imports" ADD COLUMN "file_fingerprint" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_rows" integer;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "map_choices" jsonb;--> statement-breakpoint
CREATE INDEX "imports_unfinished_upload" ON "imports" USING btree ("created_by","file_fingerprint") WHERE status = 'staging';
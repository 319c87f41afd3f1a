ALTER TABLE "imports" ADD COLUMN "group_by" jsonb;--> statement-breakpoint
ALTER TABLE "staged_rows" ADD COLUMN "group_row" integer;--> statement-breakpoint
ALTER TABLE "staged_rows" ADD COLUMN "group_size" integer;--> statement-breakpoint
ALTER TABLE "staged_rows" ADD COLUMN "source_params" jsonb;
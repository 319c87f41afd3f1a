CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedup_key" text NOT NULL,
	"email" text NOT NULL,
	"event_name" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"params" jsonb NOT NULL,
	"import_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_dedup_key_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'staging' NOT NULL,
	"time_zone" text NOT NULL,
	"trigger_campaigns" boolean DEFAULT false NOT NULL,
	"destination" text NOT NULL,
	"columns" jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"forwarded_through" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"token_hash" text,
	"notify_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"report_sent_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staged_batches" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"row_count" integer NOT NULL,
	CONSTRAINT "staged_batches_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
CREATE TABLE "staged_rows" (
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"seq" integer NOT NULL,
	"email" text NOT NULL,
	"event_name" text NOT NULL,
	"time_text" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"params" jsonb NOT NULL,
	"dedup_key" text,
	"state" text NOT NULL,
	"reason" text,
	CONSTRAINT "staged_rows_import_id_row_number_pk" PRIMARY KEY("import_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "staged_batches" ADD CONSTRAINT "staged_batches_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staged_rows" ADD CONSTRAINT "staged_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_name_time" ON "events" USING btree ("event_name","occurred_at");--> statement-breakpoint
CREATE INDEX "events_email" ON "events" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "imports_created_at" ON "imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "staged_rows_dedup" ON "staged_rows" USING btree ("import_id","dedup_key");
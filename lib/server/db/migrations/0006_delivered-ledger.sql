CREATE TABLE "delivered_events" (
	"destination" text NOT NULL,
	"dedup_key" text NOT NULL,
	"import_id" uuid,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivered_events_destination_dedup_key_pk" PRIMARY KEY("destination","dedup_key")
);
--> statement-breakpoint
INSERT INTO "delivered_events" ("destination", "dedup_key", "import_id", "delivered_at")
SELECT 'builtin', "dedup_key", "import_id", "created_at" FROM "events"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "attempt_note" text;
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "sent_again" integer DEFAULT 0 NOT NULL;

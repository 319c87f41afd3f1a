CREATE TABLE "event_claims" (
	"destination" text NOT NULL,
	"dedup_key" text NOT NULL,
	"import_id" uuid NOT NULL,
	CONSTRAINT "event_claims_destination_dedup_key_pk" PRIMARY KEY("destination","dedup_key")
);
--> statement-breakpoint
CREATE TABLE "request_budgets" (
	"destination" text PRIMARY KEY NOT NULL,
	"rate" double precision NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "claims_expire_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_claims" ADD CONSTRAINT "event_claims_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_claims_import" ON "event_claims" USING btree ("import_id");
CREATE TABLE "request_budgets" (
	"destination" text PRIMARY KEY NOT NULL,
	"rate" double precision NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "delivered_events" ADD COLUMN "row_number" integer;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "claims_expire_at" timestamp with time zone;
CREATE TABLE "sign_in_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"not_before" timestamp with time zone
);
--> statement-breakpoint
DROP TABLE "sign_in_failures";
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "forward_errors" integer DEFAULT 0 NOT NULL;
ALTER TABLE "imports" ADD COLUMN "date_order" text;
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "event_name" text;
--> statement-breakpoint
CREATE TABLE "remembered_choices" (
	"user_id" uuid NOT NULL,
	"header_hash" text NOT NULL,
	"file_name" text NOT NULL,
	"choices" jsonb NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remembered_choices_pk" PRIMARY KEY("user_id","header_hash")
);
--> statement-breakpoint
ALTER TABLE "remembered_choices" ADD CONSTRAINT "remembered_choices_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "json_params" jsonb;

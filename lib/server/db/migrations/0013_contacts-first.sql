CREATE TABLE "import_contact_batches" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"emails" text[] NOT NULL,
	"session_id" text,
	"failures" jsonb,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_contact_batches_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "contacts_first" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_contact_batches" ADD CONSTRAINT "import_contact_batches_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;
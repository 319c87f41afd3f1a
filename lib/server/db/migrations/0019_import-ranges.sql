CREATE TABLE "import_ranges" (
	"import_id" uuid NOT NULL,
	"range_no" integer NOT NULL,
	"after_row" integer NOT NULL,
	"last_row" integer NOT NULL,
	"forwarded_through" integer NOT NULL,
	"finished_at" timestamp with time zone,
	"failure" text,
	CONSTRAINT "import_ranges_import_id_range_no_pk" PRIMARY KEY("import_id","range_no")
);
--> statement-breakpoint
ALTER TABLE "import_ranges" ADD CONSTRAINT "import_ranges_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;

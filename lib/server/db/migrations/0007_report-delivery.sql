ALTER TABLE "imports" ADD COLUMN "report_via" text;

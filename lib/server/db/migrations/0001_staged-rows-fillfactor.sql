-- Leave room on each page so that recording a row's outcome is an in-place (HOT) update.
ALTER TABLE "staged_rows" SET (fillfactor = 70);

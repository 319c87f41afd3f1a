"use client";

import { useRouter } from "next/navigation";
import { cancelImport } from "@/app/imports/cancel-action";
import { AskFirstButton } from "./ask-first-button";

/** Cancels a running import after asking once: what was delivered stays delivered. */
export function CancelImportButton({ importId }: { importId: string }) {
  const router = useRouter();
  return (
    <AskFirstButton label="Cancel import" question="Cancel this import?"
      explanation="Stop sending? Rows already delivered stay delivered; the others are listed as rejected, to import later."
      confirm="Yes, cancel the import" keep="No, keep sending" errorTestId="cancel-error"
      run={() => cancelImport({ importId })} onDone={() => router.refresh()} />
  );
}

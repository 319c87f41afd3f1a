"use client";

import { useRouter } from "next/navigation";
import { discardImport } from "@/app/imports/discard-action";
import { AskFirstButton } from "./ask-first-button";

/** Discards an import whose upload stopped, after asking once: its rows so far are deleted. */
export function DiscardImportButton({ importId, fileName }: { importId: string; fileName: string }) {
  const router = useRouter();
  return (
    <AskFirstButton label="Discard import" question="Discard this import?"
      explanation={`Discard the import of ${fileName}? The rows uploaded so far are deleted; nothing of it was delivered.`}
      confirm="Yes, discard it" keep="No, keep it" errorTestId="discard-error"
      run={() => discardImport({ importId })} onDone={(ok) => (ok ? router.push("/imports") : router.refresh())} />
  );
}

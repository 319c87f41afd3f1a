"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/contract/action-result";
import type { DestinationName } from "@/lib/contract/destination";

type Props = {
  destination: DestinationName;
  test: (input: { destination: DestinationName }) => Promise<ActionResult<{ message: string }>>;
};

/** Asks the server to make a harmless authenticated request to one destination, and says what it answered. */
export function TestConnection({ destination, test }: Props) {
  const [result, setResult] = useState<ActionResult<{ message: string }> | null>(null);
  const [busy, startTransition] = useTransition();

  function run() {
    setResult(null);
    startTransition(async () => setResult(await test({ destination })));
  }

  return (
    <div className="space-y-2">
      <button type="button" onClick={run} disabled={busy}
        className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
        {busy ? "Testing…" : "Test connection"}
      </button>
      <p aria-live="polite" data-testid="connection-result"
        className={result?.ok === false ? "text-sm text-red-700" : "text-sm text-emerald-800"}>
        {result ? (result.ok ? result.message : result.error) : ""}
      </p>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { StagedRowInput } from "@/lib/server/imports/stage";
import { OptionsStep, type ImportOptions } from "./options-step";
import { ReviewStep } from "./review-step";
import { sendImport, type ImportHandle } from "./send-import";
import { UploadStep, type ReadProgressView } from "./upload-step";
import { useFileWorker } from "./use-file-worker";
import type { ReadSummary, WorkerResponse } from "./worker-protocol";

type Step =
  | { name: "upload" }
  | { name: "review" }
  | { name: "options" }
  | { name: "sending"; sent: number; error: string | null };

type Props = { destination: string; triggerWindowHours: number; maxBytes: number };

/** The import wizard: one step state, and Back goes to the previous step. */
export function ImportWizard({ destination, triggerWindowHours, maxBytes }: Props) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: "upload" });
  const [fileName, setFileName] = useState("");
  const [progress, setProgress] = useState<ReadProgressView | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ReadSummary | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ triggerCampaigns: false, notifyEmail: "" });
  const pendingBatches = useRef(new Map<number, (rows: StagedRowInput[]) => void>());
  /** The import already created on the server, kept so that "Try again" resumes it. */
  const sentTo = useRef<ImportHandle | null>(null);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const post = useFileWorker((message: WorkerResponse) => {
    if (message.type === "progress") setProgress((current) => current && { ...current, ...message });
    else if (message.type === "batch") pendingBatches.current.get(message.seq)?.(message.rows);
    else if (message.type === "cancelled") setProgress(null);
    else if (message.type === "failed") {
      setProgress(null);
      setFileError(`The file could not be read: ${message.message}`);
    } else {
      setProgress(null);
      if (message.summary.error) setFileError(message.summary.error.message);
      else {
        setSummary(message.summary);
        setStep({ name: "review" });
      }
    }
  });

  function read(file: File) {
    sentTo.current = null;
    setFileName(file.name);
    setFileError(null);
    setProgress({ bytesRead: 0, totalBytes: file.size, rows: 0, startedAt: performance.now() });
    post({ type: "read", file, timeZone, nowMs: Date.now(), triggerWindowMs: triggerWindowHours * 3_600_000 });
  }

  function fetchBatch(seq: number): Promise<StagedRowInput[]> {
    return new Promise((resolve) => {
      pendingBatches.current.set(seq, (rows) => {
        pendingBatches.current.delete(seq);
        resolve(rows);
      });
      post({ type: "batch", seq });
    });
  }

  async function send(chosen: ImportOptions) {
    if (!summary?.mapping) return;
    setOptions(chosen);
    setStep({ name: "sending", sent: 0, error: null });
    const { headers, mapping } = summary;
    const outcome = await sendImport({
      fileName,
      columns: {
        email: headers[mapping.email],
        event_name: headers[mapping.event_name],
        time: headers[mapping.time],
        params: mapping.params.map((param) => param.name),
      },
      timeZone,
      triggerCampaigns: chosen.triggerCampaigns,
      notifyEmail: chosen.notifyEmail === "" ? null : chosen.notifyEmail,
      batchCount: summary.batches,
      fetchBatch,
      onProgress: (sent) => setStep({ name: "sending", sent, error: null }),
    }, sentTo.current);
    if (outcome.ok) {
      router.push(`/imports/${outcome.importId}`);
      return;
    }
    sentTo.current = outcome.handle;
    setStep((current) => ({ name: "sending", sent: current.name === "sending" ? current.sent : 0, error: outcome.error }));
  }

  if (step.name === "upload" || !summary) {
    return (
      <UploadStep maxBytes={maxBytes} progress={progress} error={fileError} onFile={read} onCancel={() => post({ type: "cancel" })} />
    );
  }
  if (step.name === "review") {
    return <ReviewStep fileName={fileName} summary={summary} onBack={() => setStep({ name: "upload" })} onNext={() => setStep({ name: "options" })} />;
  }
  if (step.name === "options") {
    return (
      <OptionsStep destination={destination} triggerWindowHours={triggerWindowHours} validRows={summary.counts.valid} inTriggerWindow={summary.inTriggerWindow}
        defaults={options} onBack={() => setStep({ name: "review" })} onSubmit={send} />
    );
  }
  const total = summary.counts.total;
  const percent = total > 0 ? Math.round((step.sent / total) * 100) : 100;
  return (
    <section aria-labelledby="sending-heading" className="space-y-4">
      <h2 id="sending-heading" className="text-xl font-semibold">4. Sending</h2>
      <div role="progressbar" aria-label="Sending rows" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
        className="h-2 overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-indigo-600" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite" className="text-slate-600">{step.sent.toLocaleString("en")} of {total.toLocaleString("en")} rows sent</p>
      {step.error && (
        <div className="space-y-3">
          <p data-testid="send-error" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800">{step.error}</p>
          <button type="button" onClick={() => send(options)} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
            Try again
          </button>
        </div>
      )}
    </section>
  );
}

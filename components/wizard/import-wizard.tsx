"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { FileFacts } from "@/lib/csv/read-events-file";
import { importColumns } from "@/lib/csv/rejected-rows";
import { reservedAmong } from "@/lib/events/destination-rules";
import { currentZoneName } from "@/lib/events/time-zones";
import { findRememberedChoices } from "@/app/imports/choices-actions";
import { MapStep } from "./map-step";
import type { MapChoices } from "@/lib/review/mapping-form";
import { choicesToRemember, rememberedToMapChoices } from "@/lib/review/remembered";
import { OptionsStep, type ImportOptions } from "./options-step";
import { eventsToSend } from "./review-counts";
import { ReviewStep } from "./review-step";
import { useAlreadyDelivered } from "./use-already-delivered";
import { SendingStep } from "./sending-step";
import { UploadStep, type ReadProgressView } from "./upload-step";
import { StepIndicator, type StepName } from "./step-indicator";
import { SkipToActions } from "./step-actions";
import { downloadCsv } from "@/lib/review/download";
import { rejectedFileName } from "@/lib/review/rejected";
import { useFileWorker } from "./use-file-worker";
import { LEAVE_QUESTION, useLeaveGuard } from "./use-leave-guard";
import { useUpload } from "./use-upload";
import { useWorkerQueries } from "./use-worker-queries";
import type { ReviewSummary, WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";
import { MessageText } from "@/components/ui/message-text";

type Step =
  | { name: "upload" }
  | { name: "map" }
  | { name: "review" }
  | { name: "options" }
  | { name: "sending" };

/** The steps the indicator goes back to. */
const BACK_TO: Record<Exclude<StepName, "sending">, Step> = { upload: { name: "upload" }, map: { name: "map" }, review: { name: "review" }, options: { name: "options" } };

type Props = {
  /** The configured destination: its name (builtin, yespo, …) and the label users read. */
  destination: { name: string; label: string };
  triggerWindowHours: number;
  maxBytes: number;
  reportTo: string;
};

/** The import wizard: one step state, and Back goes to the previous step. The rows stay in the worker. */
export function ImportWizard({ destination, triggerWindowHours, maxBytes, reportTo }: Props) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: "upload" });
  const [fileName, setFileName] = useState("");
  const [fileBytes, setFileBytes] = useState(0);
  const [facts, setFacts] = useState<FileFacts | null>(null);
  const [progress, setProgress] = useState<ReadProgressView | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  const [changesInFlight, setChangesInFlight] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ triggerCampaigns: false });
  const [replaced, setReplaced] = useState<number | null>(null);
  const upload = useUpload({
    fileName,
    onSent: (importId) => router.push(`/imports/${importId}`),
    onDiscarded: () => {
      setProblem(`The upload of ${fileName} was cancelled, and what had arrived of it was discarded. Send it again when you are ready.`);
      setStep({ name: "options" });
    },
  });
  const [timeZone] = useState(() => currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone));
  /** The earlier file whose choices for this header the mapping step opens with. */
  const [remembered, setRemembered] = useState<{ fileName: string; savedAt: string } | null>(null);
  /** Set while remembered choices are being applied: the mapping step opens with the summary they give. */
  const openMapOnSummary = useRef(false);
  /** What the worker's answers lead to but needs the worker itself: set once both exist, below. */
  const next = useRef<{ delivered: (message: WorkerResponse) => Promise<void>; openMapStep: (read: ReviewSummary) => Promise<void> } | null>(null);

  const { post, ask } = useFileWorker((message: WorkerResponse) => {
    void next.current?.delivered(message);
    switch (message.type) {
      case "progress":
        setProgress((current) => current && { ...current, ...message, elapsedMs: performance.now() - current.startedAt });
        return;
      case "replaced":
        setReplaced(message.rows);
        return;
      case "summary":
        setSummary(message.summary);
        setChangesInFlight((count) => Math.max(0, count - 1));
        if (openMapOnSummary.current) {
          openMapOnSummary.current = false;
          setStep({ name: "map" });
        }
        return;
      case "cancelled":
        setProgress(null);
        return;
      case "failed":
        setProgress(null);
        setChangesInFlight(0);
        if (step.name === "upload") setFileError(`\`${fileName.replaceAll("`", "'")}\` could not be read: ${message.message}`);
        else setProblem(message.message);
        return;
      case "read":
        setProgress(null);
        setFacts(message.file);
        if (message.error || !message.summary) setFileError(`\`${fileName.replaceAll("`", "'")}\`: ${message.error?.message ?? "the file could not be read."}`);
        else {
          setSummary(message.summary);
          void next.current?.openMapStep(message.summary);
        }
    }
  }, (error) => {
    // The worker's rows are gone with it: the file is read again from the start.
    setProgress(null);
    setChangesInFlight(0);
    setSummary(null);
    setStep({ name: "upload" });
    setFileError(`Your browser stopped the part of this page that holds the file's rows (${error.message}). Choose the file again to start over.`);
  });

  const delivered = useAlreadyDelivered(post, summary?.version ?? null, step.name === "review" || step.name === "options");

  const change = useCallback((request: WorkerRequest) => {
    setChangesInFlight((count) => count + 1);
    post(request);
  }, [post]);

  const showProblem = useCallback((error: Error) => setProblem(error.message), []);
  const { requestPage, requestReasons } = useWorkerQueries(ask, showProblem);

  const remap = useCallback((choices: MapChoices) => change({ type: "remap", ...choices }), [change]);

  /** The mapping step, with the user's own choices for this exact header when they made some before. */
  async function openMapStep(read: ReviewSummary) {
    const found = await findRememberedChoices({ headers: read.headers }).catch(() => null);
    const earlier = found?.ok ? found.remembered : null;
    if (!earlier) {
      setStep({ name: "map" });
      return;
    }
    setRemembered({ fileName: earlier.fileName, savedAt: earlier.savedAt });
    openMapOnSummary.current = true;
    change({ type: "remap", ...rememberedToMapChoices(read.headers, earlier.choices) });
  }

  useEffect(() => {
    next.current = { delivered: delivered.onMessage, openMapStep };
  });

  // Each step after the first starts with the focus on its heading, where a screen reader says which step it is.
  const shownStep = useRef(step.name);
  useEffect(() => {
    if (shownStep.current === step.name) return;
    shownStep.current = step.name;
    document.querySelector<HTMLElement>("[data-step-heading]")?.focus();
  }, [step.name]);

  function read(file: File) {
    upload.forget();
    setRemembered(null);
    setFileName(file.name);
    setFileBytes(file.size);
    setFileError(null);
    setProblem(null);
    setSummary(null);
    setProgress({ bytesRead: 0, totalBytes: file.size, rows: 0, startedAt: performance.now(), elapsedMs: 0 });
    post({ type: "read", file, timeZone, nowMs: Date.now(), triggerWindowMs: triggerWindowHours * 3_600_000, destination: destination.name });
  }

  const planBatches = () => ask("plan", {}).then((reply) => reply.batches);
  const fetchBatch = (seq: number) => ask("batch", { seq }).then((reply) => reply.rows);

  function downloadRejected() {
    ask("rejected-csv", {}).then((reply) => downloadCsv(reply.csv, rejectedFileName(fileName)), showProblem);
  }

  function send(chosen: ImportOptions) {
    if (!summary) return;
    setOptions(chosen);
    setStep({ name: "sending" });
    const { headers, mapping } = summary;
    const columns = importColumns(headers, mapping);
    void upload.start(async () => ({
      fileName,
      // A reserved column is among the parameters only if the user took it back in the mapping step.
      columns: { ...columns, keptReserved: reservedAmong(destination.name, columns.params) },
      timeZone: summary.timeZone,
      dateOrder: summary.dateOrder,
      eventName: mapping.eventName ?? null,
      jsonParams: summary.jsonParams,
      remember: choicesToRemember(summary),
      triggerCampaigns: chosen.triggerCampaigns,
      fileBytes,
      rows: summary.rows,
      batchCount: await planBatches(),
      fetchBatch,
    }));
  }

  const sending = step.name === "sending";
  const sent = sending && upload.state.error === null && upload.state.sent >= (summary?.rows ?? 0) && (summary?.rows ?? 0) > 0;
  useLeaveGuard(summary !== null && !sent, sending && upload.state.sent > 0 ? upload.question : LEAVE_QUESTION);
  const framed = (node: ReactNode) => (
    <div className="space-y-6">
      {(step.name === "map" || step.name === "review" || step.name === "options") && summary && <SkipToActions />}
      <StepIndicator current={step.name === "upload" || !summary ? "upload" : step.name}
        onGoBack={step.name === "sending" ? null : (name) => name !== "sending" && setStep(BACK_TO[name])} />
      {node}
    </div>
  );

  const banner = problem && (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800"><MessageText message={problem} /></p>
  );

  if (step.name === "upload" || !summary) {
    return framed(
      <UploadStep fileName={fileName} maxBytes={maxBytes} progress={progress} error={fileError} onFile={read} onCancel={() => post({ type: "cancel" })} />
    );
  }
  if (step.name === "map") {
    return framed(
      <>
        {banner}
        <MapStep fileName={fileName} file={facts} summary={summary} destination={destination.name} onRemap={remap}
          remembered={remembered}
          onBack={() => setStep({ name: "upload" })} onNext={() => setStep({ name: "review" })} />
      </>
    );
  }
  if (step.name === "review") {
    return framed(
      <>
        {banner}
        <ReviewStep fileName={fileName} summary={summary} checking={changesInFlight > 0} requestPage={requestPage}
          alreadyDelivered={delivered.state} destination={destination.label}
          onFix={(index, column, value) => change({ type: "fix", index, column, value })}
          onLeaveOut={(indices, leftOut) => change({ type: "leave-out", indices, leftOut })}
          onLeaveOutInvalid={() => change({ type: "leave-out-invalid" })}
          requestReasons={requestReasons} replaced={replaced}
          onReplace={(column, match, action) => {
            setReplaced(null);
            change({ type: "replace", column, match, action });
          }}
          onFixDomain={(from, to) => change({ type: "fix-domain", from, to })}
          onUndo={() => {
            setReplaced(null);
            change({ type: "undo" });
          }}
          onDownloadRejected={downloadRejected}
          onBack={() => setStep({ name: "map" })} onNext={() => setStep({ name: "options" })} />
      </>
    );
  }
  if (step.name === "options") {
    return framed(
      <>
        {banner}
        <OptionsStep destination={destination.label} alwaysTriggers={destination.name === "customerio"} liveEventsRecordedAgain={destination.name === "yespo"} triggerWindowHours={triggerWindowHours} toSend={eventsToSend(summary.counts, delivered.state?.count ?? 0)}
        inTriggerWindow={summary.inTriggerWindow} reportTo={reportTo} defaults={options} onBack={() => setStep({ name: "review" })} onSubmit={send} />
      </>
    );
  }
  return framed(
    <SendingStep fileName={fileName} uploaded={upload.state.sent} secondsLeft={upload.state.secondsLeft} toUpload={summary.rows}
      error={upload.state.error} cancelling={upload.cancelling} onCancel={upload.cancel} onRetry={() => send(options)} />
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { DestinationChoice, DestinationName } from "@/lib/contract/destination";
import type { FileFacts } from "@/lib/csv/read-events-file";
import type { WorkbookFacts } from "@/lib/csv/read-workbook";
import type { FirstLine } from "@/lib/csv/read-events-file";
import { HeaderLineChoice } from "./header-line-choice";
import { importColumns } from "@/lib/csv/rejected-rows";
import { reservedAmong } from "@/lib/events/destination-rules";
import { currentZoneName } from "@/lib/events/time-zones";
import { findRememberedChoices } from "@/app/imports/choices-actions";
import { MapStep } from "./map-step";
import type { MapChoices } from "@/lib/review/mapping-form";
import { choicesToRemember, rememberedToMapChoices } from "@/lib/review/remembered";
import type { RememberedView } from "@/lib/review/choice-differences";
import { OptionsStep, type ImportOptions } from "./options-step";
import { eventsToSend } from "./review-counts";
import { ReviewStep } from "./review-step";
import { useAlreadyDelivered } from "./use-already-delivered";
import { SendingStep } from "./sending-step";
import { UploadStep, type ReadProgressView } from "./upload-step";
import { StepIndicator, type StepName } from "./step-indicator";
import { SkipToActions } from "./step-actions";
import { downloadCsv } from "@/lib/review/download";
import { correctedFileName } from "@/lib/review/corrected";
import { rejectedFileName } from "@/lib/review/rejected";
import { TRIGGER_NOTES } from "./trigger-notes";
import { useFileWorker } from "./use-file-worker";
import { LEAVE_QUESTION, useLeaveGuard } from "./use-leave-guard";
import { useUpload } from "./use-upload";
import { ContinueUploadOffer } from "./continue-upload-offer";
import { useUnfinishedUpload, type ContinuedUpload } from "./use-unfinished-upload";
import { continuedMapChoices } from "@/lib/review/continued";
import type { SendPlan } from "@/lib/review/send-import";
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
  /** The configured destinations, the default (DESTINATION) marked: the options step chooses one. */
  destinations: DestinationChoice[];
  triggerWindowHours: number;
  maxBytes: number;
  reportTo: string;
};

/** The import wizard: one step state, and Back goes to the previous step. The rows stay in the worker. */
export function ImportWizard({ destinations, triggerWindowHours, maxBytes, reportTo }: Props) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: "upload" });
  const [fileName, setFileName] = useState("");
  const [fileBytes, setFileBytes] = useState(0);
  const [facts, setFacts] = useState<FileFacts | null>(null);
  const [workbook, setWorkbook] = useState<WorkbookFacts | null>(null);
  /** The file being read, kept to read it again with the sheet or the header line the user chooses. */
  const [chosenFile, setChosenFile] = useState<File | null>(null);
  /** While no line names an email and a time column: the first lines, and the one read as the header. */
  const [headerQuestion, setHeaderQuestion] = useState<{ lines: FirstLine[]; headerRow: number; sheet?: string } | null>(null);
  const [progress, setProgress] = useState<ReadProgressView | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  const [changesInFlight, setChangesInFlight] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ triggerCampaigns: false });
  const [replaced, setReplaced] = useState<number | null>(null);
  const [chosen, setChosen] = useState<DestinationName>(() => (destinations.find((choice) => choice.isDefault) ?? destinations[0]).name);
  const destination = destinations.find((choice) => choice.name === chosen) ?? destinations[0];
  const upload = useUpload({
    fileName,
    onSent: (importId) => router.push(`/imports/${importId}`),
    onDiscarded: () => {
      setProblem(`The upload of ${fileName} was cancelled, and what had arrived of it was discarded. Send it again when you are ready.`);
      setStep({ name: "options" });
    },
  });
  const unfinished = useUnfinishedUpload();
  /** Set while a stopped upload's mapping is applied: the rest of its rows go once the summary comes. */
  const continueOnSummary = useRef<ContinuedUpload | null>(null);
  const [timeZone] = useState(() => currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone));
  /** The earlier file whose choices for this header the mapping step opens with. */
  const [remembered, setRemembered] = useState<RememberedView | null>(null);
  /** The review's choice for rows already imported with other values: skipped unless the user says send. */
  const [sendChanged, setSendChanged] = useState(false);
  /** Set while remembered choices are being applied: the mapping step opens with the summary they give. */
  const openMapOnSummary = useRef(false);
  /** What the worker's answers lead to but needs the worker itself: set once both exist, below. */
  const next = useRef<{
    delivered: (message: WorkerResponse) => Promise<void>;
    openMapStep: (read: ReviewSummary) => Promise<void>;
    sendContinued: (read: ReviewSummary, upload: ContinuedUpload) => void;
  } | null>(null);

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
        if (continueOnSummary.current) {
          const upload = continueOnSummary.current;
          continueOnSummary.current = null;
          next.current?.sendContinued(message.summary, upload);
        } else if (openMapOnSummary.current) {
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
        setWorkbook(message.workbook);
        // Several sheets: the upload step asks which one, and the file is read again with it.
        if (message.error?.code === "CHOOSE_SHEET") setFileError(null);
        else if (message.error || !message.summary) setFileError(`\`${fileName.replaceAll("`", "'")}\`: ${message.error?.message ?? "the file could not be read."}`);
        else {
          setSummary(message.summary);
          const { mapping } = message.summary;
          const unnamed = mapping.email === -1 || mapping.time === -1;
          setHeaderQuestion((asked) => (asked || unnamed) && message.firstLines.length > 1
            ? { lines: message.firstLines, headerRow: message.headerRow, sheet: message.workbook?.sheet ?? undefined } : null);
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

  const delivered = useAlreadyDelivered(post, summary?.version ?? null, destination.name, step.name === "review" || step.name === "options");

  const change = useCallback((request: WorkerRequest) => {
    setChangesInFlight((count) => count + 1);
    post(request);
  }, [post]);

  const showProblem = useCallback((error: Error) => setProblem(error.message), []);
  const { requestPage, requestReasons } = useWorkerQueries(ask, showProblem);

  const remap = useCallback((choices: MapChoices) => change({ type: "remap", ...choices }), [change]);

  /** Another destination: the worker checks the rows with its rules, and the ledger is asked about it. */
  function choose(name: DestinationName) {
    if (name === chosen) return;
    setChosen(name);
    change({ type: "destination", destination: name });
  }

  /** The mapping step, with the workspace's choices for this exact header when an import made some before. */
  async function openMapStep(read: ReviewSummary) {
    const found = await findRememberedChoices({ headers: read.headers }).catch(() => null);
    const earlier = found?.ok ? found.remembered : null;
    if (!earlier) {
      setStep({ name: "map" });
      return;
    }
    setRemembered(earlier);
    openMapOnSummary.current = true;
    change({ type: "remap", ...rememberedToMapChoices(read.headers, earlier.choices) });
  }

  // Each step after the first starts with the focus on its heading, where a screen reader says which step it is.
  const shownStep = useRef(step.name);
  useEffect(() => {
    if (shownStep.current === step.name) return;
    shownStep.current = step.name;
    document.querySelector<HTMLElement>("[data-step-heading]")?.focus();
  }, [step.name]);

  function read(file: File, sheet?: string, headerRow?: number) {
    if (headerRow === undefined) setHeaderQuestion(null);
    upload.forget();
    unfinished.lookUp(file, (chosen) => ask("fingerprint", { file: chosen }).then((reply) => reply.fingerprint));
    setChosenFile(file);
    setWorkbook(null);
    setRemembered(null);
    setSendChanged(false);
    setFileName(file.name);
    setFileBytes(file.size);
    setFileError(null);
    setProblem(null);
    setSummary(null);
    setProgress({ bytesRead: 0, totalBytes: file.size, rows: 0, startedAt: performance.now(), elapsedMs: 0 });
    post({ type: "read", file, timeZone, nowMs: Date.now(), triggerWindowMs: triggerWindowHours * 3_600_000, destination: destination.name, sheet, headerRow });
  }

  const planBatches = () => ask("plan", {}).then((reply) => reply.batches);
  const fetchBatch = (seq: number) => ask("batch", { seq }).then((reply) => reply.batch);

  function downloadRejected() {
    ask("rejected-csv", {}).then((reply) => downloadCsv(reply.csv, rejectedFileName(fileName)), showProblem);
  }

  function downloadCorrected() {
    ask("corrected-csv", {}).then((reply) => downloadCsv(reply.csv, correctedFileName(fileName)), showProblem);
  }

  /** Continue sending a stopped upload of this file: its mapping first, then the calls that never arrived. */
  async function continueStopped() {
    if (!summary) return;
    const taken = await unfinished.take();
    if (!taken) return;
    continueOnSummary.current = taken;
    change({ type: "remap", ...continuedMapChoices(summary.headers, taken) });
  }

  function sendContinued(read: ReviewSummary, taken: ContinuedUpload) {
    upload.adopt({ importId: taken.importId, token: taken.token });
    sendRows({ triggerCampaigns: taken.triggerCampaigns }, read, { seqs: new Set(taken.stagedSeqs), rows: taken.staged });
  }

  function send(chosen: ImportOptions) {
    if (summary) sendRows(chosen, summary);
  }

  function sendRows(chosen: ImportOptions, read: ReviewSummary, continued?: SendPlan["continued"]) {
    setOptions(chosen);
    setStep({ name: "sending" });
    const to = destination.name;
    const { headers, mapping } = read;
    const columns = importColumns(headers, mapping);
    void upload.start(async () => ({
      fileName,
      destination: to,
      // A reserved column is among the parameters only if the user took it back in the mapping step.
      columns: { ...columns, keptReserved: reservedAmong(to, columns.params) },
      timeZone: read.timeZone,
      dateOrder: read.dateOrder,
      eventName: mapping.eventName ?? null,
      jsonParams: read.jsonParams,
      groupBy: read.groupBy,
      remember: choicesToRemember(read),
      triggerCampaigns: chosen.triggerCampaigns,
      contactsFirst: destination.name === "yespo" && (chosen.contactsFirst ?? false),
      sendChangedRepeats: sendChanged,
      fileBytes,
      rows: read.rows,
      batchCount: await planBatches(),
      fetchBatch,
      ...(unfinished.fingerprint ? { fingerprint: unfinished.fingerprint } : {}),
      ...(continued ? { continued } : {}),
    }));
  }

  useEffect(() => {
    next.current = { delivered: delivered.onMessage, openMapStep, sendContinued };
  });

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

  const shownProblem = problem ?? unfinished.error;
  const banner = (
    <>
      {shownProblem && <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800"><MessageText message={shownProblem} /></p>}
      {unfinished.unfinished && (
        <ContinueUploadOffer upload={unfinished.unfinished} busy={unfinished.busy}
          onContinue={() => void continueStopped()} onDiscard={() => void unfinished.discard()} onDismiss={unfinished.dismiss} />
      )}
    </>
  );

  if (step.name === "upload" || !summary) {
    return framed(
      <UploadStep fileName={fileName} maxBytes={maxBytes} progress={progress} error={fileError} onFile={(file) => read(file)} onCancel={() => post({ type: "cancel" })}
        sheets={workbook && workbook.sheets.length > 1 && (workbook.sheet === null || fileError !== null) ? workbook.sheets : null} onSheet={(sheet) => chosenFile && read(chosenFile, sheet)} />
    );
  }
  if (step.name === "map") {
    return framed(
      <>
        {banner}
        {headerQuestion && chosenFile && (
          <HeaderLineChoice lines={headerQuestion.lines} headerRow={headerQuestion.headerRow}
            onChoose={(row) => read(chosenFile, headerQuestion.sheet, row)} />
        )}
        <MapStep key={`${headerQuestion?.headerRow ?? 0}`} fileName={fileName} file={facts} workbook={workbook} summary={summary} destination={destination.name} onRemap={remap}
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
          sendChanged={sendChanged} onSendChanged={setSendChanged}
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
          onDownloadRejected={downloadRejected} onDownloadCorrected={downloadCorrected}
          onBack={() => setStep({ name: "map" })} onNext={() => setStep({ name: "options" })} />
      </>
    );
  }
  if (step.name === "options") {
    return framed(
      <>
        {banner}
        <OptionsStep destination={destination.label} destinations={destinations} chosen={destination.name} onChoose={choose}
          checking={changesInFlight > 0} alwaysTriggers={destination.name === "customerio"} liveEventsRecordedAgain={destination.name === "yespo"} offersContactsFirst={destination.name === "yespo"} backfillFlag={destination.name === "klaviyo"} triggerNote={TRIGGER_NOTES[destination.name]} triggerWindowHours={triggerWindowHours} toSend={summary.orderEvents ?? eventsToSend(summary.counts, (delivered.state?.count ?? 0) + (sendChanged ? 0 : delivered.state?.changed ?? 0))}
        inTriggerWindow={summary.inTriggerWindow} reportTo={reportTo} defaults={options} onBack={() => setStep({ name: "review" })} onSubmit={send} />
      </>
    );
  }
  return framed(
    <SendingStep fileName={fileName} uploaded={upload.state.sent} secondsLeft={upload.state.secondsLeft} toUpload={summary.rows}
      error={upload.state.error} cancelling={upload.cancelling} onCancel={upload.cancel} onRetry={() => send(options)} />
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { FileFacts } from "@/lib/csv/read-events-file";
import type { WorkbookFacts } from "@/lib/csv/read-workbook";
import { needsDateOrder } from "@/lib/events/date-order";
import { MessageText } from "@/components/ui/message-text";
import { parameterBytes, parameterLimitWarning } from "@/lib/events/parameter-limits";
import { DateOrderChoice } from "./date-order-choice";
import { EventNameChoice, type EventNameSource } from "./event-name-choice";
import { OrderChoice } from "./order-choice";
import { reservedColumnReason } from "@/lib/events/destination-rules";
import { delimiterName, encodingName } from "@/lib/review/format";
import {
  ROLES, ROLE_LABELS, eventNameRule, fixedNameProblem, jsonParamsOf, mappingFormSchema, mappingOf, rolesOf, type MapChoices, type MappingForm,
} from "@/lib/review/mapping-form";
import type { ReviewSummary } from "@/lib/review/worker-protocol";
import { choiceDifferences, type RememberedView } from "@/lib/review/choice-differences";
import { RememberedChoicesNote } from "./remembered-choices-note";
import { stackLabels } from "@/components/ui/table-shell";
import { StepActions } from "./step-actions";
import { TimeZoneChoice } from "./time-zone-choice";

type Props = {
  fileName: string;
  file: FileFacts | null;
  workbook: WorkbookFacts | null;
  summary: ReviewSummary;
  /** The configured destination's name: some reserve column names (Customer.io's `recipient`), and have rules for event names. */
  destination?: string;
  /** The choices an earlier import of a file with this header made, which the step opened with. */
  remembered: RememberedView | null;
  onRemap: (choices: MapChoices) => void;
  onBack: () => void;
  onNext: () => void;
};

/** Which column is which, shown with the first values of each, checked again at every change. */
export function MapStep({ fileName, file, workbook, summary, destination = "builtin", remembered, onRemap, onBack, onNext }: Props) {
  // A name for every row obeys the destination's rule for event names too.
  const nameRule = useMemo(() => eventNameRule(destination), [destination]);
  const { headers, samples, sampleTimes, counts } = summary;
  const schema = useMemo(() => mappingFormSchema(nameRule), [nameRule]);
  const { register, handleSubmit, control, formState, setValue, getValues, setError, getFieldState, trigger } = useForm<MappingForm>({
    resolver: zodResolver(schema),
    defaultValues: {
      roles: rolesOf(headers, summary.mapping, summary.jsonParams),
      timeZone: summary.timeZone,
      eventSource: summary.mapping.eventName === undefined ? "column" : "fixed",
      eventName: summary.mapping.eventName ?? "",
      dateOrder: summary.dateOrder ?? "auto",
    },
    mode: "onChange",
  });
  const [roles, timeZone, eventSource, eventName, dateOrder] = useWatch({ control, name: ["roles", "timeZone", "eventSource", "eventName", "dateOrder"] });
  const fixedName = eventSource === "fixed" ? eventName.trim() : null;
  const mapping = useMemo(() => mappingOf(headers, roles, fixedName), [headers, roles, fixedName]);
  const nameReady = fixedName === null || fixedNameProblem(fixedName, nameRule) === null;
  const jsonParams = useMemo(() => jsonParamsOf(mapping, roles), [mapping, roles]);
  const [perOrder, setPerOrder] = useState(summary.groupBy !== null);
  const groupBy = perOrder ? summary.groupBy ?? summary.groupOffer : null;
  const choices = mapping && nameReady ? JSON.stringify({ mapping, timeZone, dateOrder, jsonParams, groupBy }) : null;
  // The choices last handed to the worker: a change sends them once, and the first render sends none.
  const sent = useRef(choices);

  useEffect(() => {
    if (choices === null || choices === sent.current) return;
    sent.current = choices;
    onRemap(JSON.parse(choices) as MapChoices);
    // onRemap is stable for the step's lifetime; only a new choice asks for a new check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choices]);

  // Where the event name comes from decides whether a column must hold it: an error about the
  // columns is checked again once the choice is in the form, so that it does not outstay its cause.
  useEffect(() => {
    if (getFieldState("roles").error) void trigger("roles");
  }, [eventSource, getFieldState, trigger]);

  function chooseSource(source: EventNameSource) {
    // With one name for every row, the column that was the event name becomes a parameter.
    if (source === "fixed") setValue("roles", getValues("roles").map((role) => (role === "event_name" ? "param" : role)), { shouldValidate: true });
  }

  // The order chosen here, shown at once; the rows follow when the worker has read them again.
  const selectedOrder = dateOrder === "auto" ? summary.dateOrder : dateOrder;

  function submit() {
    if (selectedOrder === null && needsDateOrder(summary.dateFinding)) {
      setError("dateOrder", { message: "Choose how the dates of this file are written: month/day/year or day/month/year." });
      return;
    }
    onNext();
  }

  const rolesError = formState.errors.roles?.message ?? formState.errors.roles?.root?.message;
  const others = roles.filter((role) => role === "param" || role === "json").length;
  const limitWarning = useMemo(() => {
    const params = mapping?.params ?? [];
    const largest = Math.max(0, ...samples.map((fields) => parameterBytes(params.map((param) => param.name), params.map((param) => fields[param.index] ?? ""))));
    return parameterLimitWarning(destination, params.length, largest);
  }, [mapping, samples, destination]);

  /** A file of hundreds of columns, of which a few matter: the others out in one go, and back one by one. */
  function leaveOutOthers() {
    setValue("roles", getValues("roles").map((role) => (role === "param" || role === "json" ? "skip" : role)), { shouldValidate: true });
  }
  const timeColumn = roles.indexOf("time");

  return (
    <form onSubmit={handleSubmit(submit)} aria-labelledby="map-heading" className="space-y-6" noValidate>
      <div className="space-y-1">
        <h2 id="map-heading" tabIndex={-1} data-step-heading className="text-xl font-semibold focus:outline-none">2. Match the columns of {fileName}</h2>
        {file && (
          <p className="text-sm text-slate-600" data-testid="file-facts">
            {encodingName(file.encoding)}, {delimiterName(file.delimiter)}-separated, {summary.rows.toLocaleString("en")} rows
          </p>
        )}
        {workbook?.sheet && (
          <p className="text-sm text-slate-600" data-testid="file-facts">
            Sheet “{workbook.sheet}”{workbook.sheets.length > 1 ? ` of ${workbook.sheets.length}` : ""}
            {workbook.date1904 ? ", dates in the 1904 date system" : ""}, {summary.rows.toLocaleString("en")} rows
          </p>
        )}
        {remembered && <RememberedChoicesNote remembered={remembered} differences={choiceDifferences(remembered.choices, summary)} />}
      </div>

      {limitWarning && <p role="note" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="parameter-limit">{limitWarning}</p>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="table-stack w-full text-left text-sm" style={stackLabels(["Column", "Use as", "First values"])}>
          <caption className="sr-only">Columns of the file and what each one holds</caption>
          <thead className="bg-slate-100 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Column in your file</th>
              <th scope="col" className="px-3 py-2">Use as</th>
              <th scope="col" className="px-3 py-2">First values</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((header, index) => (
              <tr key={index} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  <label htmlFor={`role-${index}`}>{header === "" ? <em className="text-slate-500">(no name)</em> : header}</label>
                  {roles[index] === "skip" && reservedColumnReason(destination, header) && (
                    <p className="mt-1 max-w-xs text-xs font-normal text-amber-800" data-testid={`reserved-${index}`}>{reservedColumnReason(destination, header)}</p>
                  )}
                </th>
                <td className="px-3 py-2">
                  <select id={`role-${index}`} {...register(`roles.${index}`)} data-testid={`role-${index}`}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1">
                    {ROLES.map((role) => (
                      <option key={role} value={role}
                        disabled={((role === "param" || role === "json") && header.trim() === "") || (role === "event_name" && eventSource === "fixed")}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-3 py-2 text-slate-600 sm:max-w-md">
                  <ul className="space-y-0.5">
                    {samples.map((fields, row) => (
                      <li key={row} className="break-all font-mono text-xs sm:truncate sm:break-normal">
                        {fields[index] === "" ? <span className="text-slate-400">(empty)</span> : fields[index]}
                        {index === timeColumn && sampleTimes[row] && <SampleReading time={sampleTimes[row]} timeZone={summary.timeZone} />}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rolesError && <p role="alert" className="text-sm text-red-700" data-testid="mapping-error">{rolesError}</p>}

      <EventNameChoice source={eventSource} error={formState.errors.eventName}
        register={(name) => register(name, name === "eventSource" ? { onChange: (event) => chooseSource(event.target.value) } : undefined)} />

      {(summary.groupOffer ?? summary.groupBy) && (
        <OrderChoice offer={(summary.groupBy ?? summary.groupOffer)!} checked={perOrder} onChange={setPerOrder} />
      )}

      <DateOrderChoice finding={summary.dateFinding} selected={selectedOrder} timeZone={summary.timeZone}
        error={formState.errors.dateOrder?.message}
        onChoose={(order) => setValue("dateOrder", order, { shouldValidate: true })} />

      <TimeZoneChoice selected={timeZone} field={register("timeZone")} />

      <p aria-live="polite" className="text-slate-700" data-testid="map-counts">
        With these choices: <strong>{counts.valid.toLocaleString("en")}</strong> valid rows,{" "}
        <strong>{counts.invalid.toLocaleString("en")}</strong> with problems.
      </p>

      <StepActions>
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Back</button>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">Continue</button>
        {others > 0 && (
          <button type="button" onClick={leaveOutOthers} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
            Leave out the {others === 1 ? "parameter column" : `${others.toLocaleString("en")} parameter columns`}
          </button>
        )}
        <span className="min-w-0 basis-full text-sm text-slate-600 sm:basis-auto" aria-live="polite" data-testid="map-counts-bar">
          {counts.valid.toLocaleString("en")} valid, {counts.invalid.toLocaleString("en")} with problems
        </span>
      </StepActions>
    </form>
  );
}

function SampleReading({ time, timeZone }: { time: ReviewSummary["sampleTimes"][number]; timeZone: string }) {
  if (!time.ok) return <span className="block whitespace-normal font-sans text-red-700"><MessageText message={time.message} /></span>;
  const date = new Date(time.instantMs);
  const local = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  return <span className="block font-sans text-emerald-700">read as {local} ({timeZone.replaceAll("_", " ")}), {date.toISOString().slice(0, 16).replace("T", " ")} UTC</span>;
}

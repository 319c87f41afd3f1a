"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "@/components/ui/zod";
import type { FileFacts } from "@/lib/csv/read-events-file";
import { reservedColumnReason } from "@/lib/events/destination-rules";
import { paramColumns, type ColumnMapping } from "@/lib/events/headers";
import { EVENT_FIELDS, FIELD_LABELS } from "@/lib/events/rules";
import { delimiterName, encodingName } from "./format";
import type { ReviewSummary } from "./worker-protocol";

const ROLES = ["email", "event_name", "time", "param", "skip"] as const;
type Role = (typeof ROLES)[number];
const ROLE_LABELS: Record<Role, string> = {
  email: "Email",
  event_name: "Event name",
  time: "Time",
  param: "Event parameter",
  skip: "Leave out",
};

const mappingFormSchema = z
  .object({ roles: z.array(z.enum(ROLES)), timeZone: z.string().min(1, "Choose a time zone.") })
  .superRefine(({ roles }, ctx) => {
    for (const field of EVENT_FIELDS) {
      const count = roles.filter((role) => role === field).length;
      if (count !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["roles"],
          message: count === 0 ? `Choose the column that holds the ${FIELD_LABELS[field]}.` : `Only one column can be the ${FIELD_LABELS[field]}; ${count} are.`,
        });
      }
    }
  });
type MappingForm = z.infer<typeof mappingFormSchema>;

function rolesOf(headers: readonly string[], mapping: ColumnMapping): Role[] {
  const params = new Set(mapping.params.map((param) => param.index));
  return headers.map((_, index) => {
    for (const field of EVENT_FIELDS) if (mapping[field] === index) return field;
    return params.has(index) ? "param" : "skip";
  });
}

function mappingOf(headers: readonly string[], roles: readonly Role[]): ColumnMapping | null {
  const fields = { email: roles.indexOf("email"), event_name: roles.indexOf("event_name"), time: roles.indexOf("time") };
  if (EVENT_FIELDS.some((field) => fields[field] === -1 || roles.lastIndexOf(field) !== fields[field])) return null;
  const params = paramColumns(headers, fields).filter((param) => roles[param.index] === "param");
  return { ...fields, params };
}

type Props = {
  fileName: string;
  file: FileFacts | null;
  summary: ReviewSummary;
  /** The configured destination's name: some reserve column names (Customer.io's `recipient`). */
  destination?: string;
  onRemap: (mapping: ColumnMapping, timeZone: string) => void;
  onBack: () => void;
  onNext: () => void;
};

/** Which column is which, shown with the first values of each, checked again at every change. */
export function MapStep({ fileName, file, summary, destination = "builtin", onRemap, onBack, onNext }: Props) {
  const { headers, samples, sampleTimes, counts } = summary;
  const zones = useMemo(() => timeZones(summary.timeZone), [summary.timeZone]);
  const { register, handleSubmit, control, formState } = useForm<MappingForm>({
    resolver: zodResolver(mappingFormSchema),
    defaultValues: { roles: rolesOf(headers, summary.mapping), timeZone: summary.timeZone },
    mode: "onChange",
  });
  const roles = useWatch({ control, name: "roles" });
  const timeZone = useWatch({ control, name: "timeZone" });
  const mapping = useMemo(() => mappingOf(headers, roles), [headers, roles]);
  const changed = mapping !== null && (JSON.stringify(mapping) !== JSON.stringify(summary.mapping) || timeZone !== summary.timeZone);

  useEffect(() => {
    if (changed && mapping) onRemap(mapping, timeZone);
    // onRemap is stable for the step's lifetime; only a new choice asks for a new check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [changed, mapping, timeZone]);

  const rolesError = formState.errors.roles?.message ?? formState.errors.roles?.root?.message;
  const timeColumn = roles.indexOf("time");

  return (
    <form onSubmit={handleSubmit(() => onNext())} aria-labelledby="map-heading" className="space-y-6" noValidate>
      <div className="space-y-1">
        <h2 id="map-heading" className="text-xl font-semibold">2. Match the columns of {fileName}</h2>
        {file && (
          <p className="text-sm text-slate-600" data-testid="file-facts">
            {encodingName(file.encoding)}, {delimiterName(file.delimiter)}-separated, {summary.rows.toLocaleString("en")} rows
          </p>
        )}
      </div>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
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
                      <option key={role} value={role} disabled={role === "param" && header.trim() === ""}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="max-w-md px-3 py-2 text-slate-600">
                  <ul className="space-y-0.5">
                    {samples.map((fields, row) => (
                      <li key={row} className="truncate font-mono text-xs">
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

      <div className="max-w-md space-y-1">
        <label htmlFor="time-zone" className="block font-medium">Time zone of times written without one</label>
        <select id="time-zone" {...register("timeZone")} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5" data-testid="time-zone">
          {zones.map((zone) => <option key={zone} value={zone}>{zone.replaceAll("_", " ")}</option>)}
        </select>
        <p className="text-sm text-slate-600">
          Times such as <code>2024-03-01 14:30</code> are read in this zone; times with an offset (<code>+02:00</code>, <code>Z</code>) or Unix timestamps are not affected.
        </p>
      </div>

      <p aria-live="polite" className="text-slate-700" data-testid="map-counts">
        With these choices: <strong>{counts.valid.toLocaleString("en")}</strong> valid rows,{" "}
        <strong>{counts.invalid.toLocaleString("en")}</strong> with problems.
      </p>

      <div className="flex gap-3">
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Back</button>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">Continue</button>
      </div>
    </form>
  );
}

function SampleReading({ time, timeZone }: { time: ReviewSummary["sampleTimes"][number]; timeZone: string }) {
  if (!time.ok) return <span className="block whitespace-normal font-sans text-red-700">{time.message}</span>;
  const date = new Date(time.instantMs);
  const local = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  return <span className="block font-sans text-emerald-700">read as {local} ({timeZone.replaceAll("_", " ")}), {date.toISOString().slice(0, 16).replace("T", " ")} UTC</span>;
}

/** Every zone the browser knows, with the current one first among them if it is not listed. */
function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const all = zones.includes("UTC") ? zones : ["UTC", ...zones];
  return all.includes(current) ? all : [current, ...all];
}

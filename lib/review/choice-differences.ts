import type { RememberedChoices } from "@/lib/events/import-choices";
import { offsetAt } from "@/lib/events/time-zone";
import { DATE_ORDER_LABELS } from "@/lib/events/date-order";
import { choicesToRemember } from "./remembered";
import type { ReviewSummary } from "./worker-protocol";

/** The workspace's choices for a header, as the wizard shows where they come from. */
export type RememberedView = { choices: RememberedChoices; fileName: string; savedAt: string; savedBy: string | null };

const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

/** How far apart the same wall times land in two zones, at an instant of the file: "5 hours", "30 minutes". */
function distanceBetween(zoneA: string, zoneB: string, atMs: number): string | null {
  const minutes = Math.abs(offsetAt(zoneA, atMs) - offsetAt(zoneB, atMs)) / 60_000;
  if (minutes === 0) return null;
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return `${Math.floor(minutes / 60) > 0 ? `${plural(Math.floor(minutes / 60), "hour")} ` : ""}${plural(minutes % 60, "minute")}`;
}

/**
 * What the current choices read differently from those an earlier import of a file with this header
 * made, one sentence each: a re-import read otherwise does not match the events already delivered,
 * and would send them again, off by the difference. Empty when they read the file alike.
 */
export type ComparedSummary = Pick<ReviewSummary, "headers" | "mapping" | "jsonParams" | "dateOrder" | "timeZone" | "counts" | "timeline">;

export function choiceDifferences(earlier: RememberedChoices, summary: ComparedSummary): string[] {
  const now = choicesToRemember(summary)?.choices;
  if (!now) return [];
  const { headers } = summary;
  const events = summary.counts.valid - summary.counts.duplicates;
  const differences: string[] = [];
  if (now.timeZone !== earlier.timeZone) {
    const atMs = summary.timeline.earliestMs ?? Date.now();
    const apart = distanceBetween(now.timeZone, earlier.timeZone, atMs);
    differences.push(`Its times were read in ${earlier.timeZone}, here in ${now.timeZone}` +
      (apart ? `: its ${plural(events, "event")} would arrive ${apart} apart from those.` : "."));
  }
  if ((now.dateOrder ?? null) !== (earlier.dateOrder ?? null) && earlier.dateOrder && now.dateOrder) {
    differences.push(`Its dates were read as ${DATE_ORDER_LABELS[earlier.dateOrder]}, here as ${DATE_ORDER_LABELS[now.dateOrder]}.`);
  }
  if ((now.eventName ?? null) !== (earlier.eventName ?? null)) {
    const name = (value: string | null) => (value ? `"${value}" for every row` : "the file's event column");
    differences.push(`Its event name was ${name(earlier.eventName)}, here ${name(now.eventName)}.`);
  }
  const columnName = (index: number) => `"${headers[index] ?? `column ${index + 1}`}"`;
  const json = (choices: RememberedChoices) => new Set(choices.json ?? []);
  const nowJson = json(now);
  const earlierJson = json(earlier);
  for (const index of earlierJson) if (!nowJson.has(index) && now.params.includes(index)) differences.push(`Its column ${columnName(index)} was read as JSON, here as text.`);
  for (const index of nowJson) if (!earlierJson.has(index) && earlier.params.includes(index)) differences.push(`Its column ${columnName(index)} was read as text, here as JSON.`);
  for (const field of ["email", "event_name", "time"] as const) {
    if (now[field] !== earlier[field] && earlier[field] >= 0 && !(field === "event_name" && (now.eventName || earlier.eventName))) {
      differences.push(`Its ${field.replace("_", " ")} came from ${columnName(earlier[field])}, here from ${now[field] >= 0 ? columnName(now[field]) : "no column"}.`);
    }
  }
  return differences;
}

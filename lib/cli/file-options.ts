import { fileErrors, type FileError } from "@/lib/csv/file-errors";
import type { ReadOptions } from "@/lib/csv/read-events-file";
import { scanDateOrder } from "@/lib/csv/scan-date-order";
import type { ByteSource } from "@/lib/csv/source";
import type { ColumnChoices } from "@/lib/events/column-choices";
import { DATE_ORDERS, needsDateOrder, resolveDateOrder, type DateOrder, type DateOrderRequest } from "@/lib/events/date-order";
import { EVENT_FIELDS, type EventField } from "@/lib/events/rules";
import { CHUNK_BYTES } from "./stage-file";

/** The options `validate` and `import` share for reading a file: --event-name, --map and --date-format. */
export const FILE_OPTIONS = {
  "event-name": { type: "string" },
  map: { type: "string", multiple: true },
  "date-format": { type: "string" },
  sheet: { type: "string" },
  "header-line": { type: "string" },
} as const;

export const FILE_OPTIONS_USAGE = "[--event-name NAME] [--map FIELD=HEADER]… [--date-format auto|YMD|MDY|DMY] [--sheet NAME] [--header-line N]";

/** `sheet`: the sheet of a workbook to read, needed when it has several; `headerRow`: the line that holds the header. */
export type FileChoices = { columns: ColumnChoices; dateOrder: DateOrderRequest; sheet?: string; headerRow?: number };

type RawFileOptions = { "event-name"?: string; map?: string[]; "date-format"?: string; sheet?: string; "header-line"?: string };

/** The flags as choices, or a file-level error that says what is wrong with them. */
export function parseFileOptions(values: RawFileOptions): { ok: true; choices: FileChoices } | { ok: false; error: FileError } {
  const bad = (detail: string) => ({ ok: false as const, error: fileErrors.unreadable(detail) });
  const format = (values["date-format"] ?? "auto").toUpperCase();
  const dateOrder = format === "AUTO" ? "auto" : DATE_ORDERS.find((order) => order === format);
  if (!dateOrder) return bad(`--date-format takes auto, YMD, MDY or DMY, not "${values["date-format"]}".`);
  const map: Partial<Record<EventField, string>> = {};
  for (const entry of values.map ?? []) {
    const at = entry.indexOf("=");
    const field = entry.slice(0, at).trim() as EventField;
    if (at === -1 || !EVENT_FIELDS.includes(field) || entry.slice(at + 1).trim() === "") {
      return bad(`--map takes FIELD=HEADER, where FIELD is email, event_name or time: "${entry}" is not that.`);
    }
    map[field] = entry.slice(at + 1).trim();
  }
  const eventName = values["event-name"];
  if (eventName !== undefined && map.event_name !== undefined) {
    return bad("--event-name gives every row one name, --map event_name=… takes it from a column: use one of them.");
  }
  const line = values["header-line"];
  if (line !== undefined && !/^[1-9]\d{0,6}$/.test(line)) return bad(`--header-line takes the number of the line that holds the column names, such as 3, not "${line}".`);
  const sheet = values.sheet === undefined ? {} : { sheet: values.sheet };
  const headerRow = line === undefined ? {} : { headerRow: Number(line) };
  return { ok: true, choices: { columns: { map, eventName: eventName ?? null }, dateOrder, ...sheet, ...headerRow } };
}

/**
 * How to read the file, found before any row is checked (scanDateOrder): the order of its dates, the
 * one asked for or else the one its time column proves, its parameter columns and those that hold JSON. A column
 * that proves no order while some of its dates read two ways is the file-level error
 * AMBIGUOUS_DATE_ORDER: the command line cannot ask, so it says how to answer. The file is read in
 * the staging's small chunks: a 4 MB chunk's records (30,000 rows of a narrow file) outlived the
 * young generation's collections, and a 2-million-row scan took 407 MB of resident memory (145 MB so).
 */
export async function decideFileReading(
  source: ByteSource,
  choices: FileChoices,
  options: Pick<ReadOptions, "timeZone" | "nowMs" | "onProgress">,
): Promise<{ ok: true; dateOrder: DateOrder | null; jsonParams: string[]; params: string[] } | { ok: false; error: FileError }> {
  const scan = await scanDateOrder(source, { ...options, columns: choices.columns, dateOrder: choices.dateOrder, sheet: choices.sheet, headerRow: choices.headerRow, chunkBytes: CHUNK_BYTES });
  if (scan.error) return { ok: false, error: scan.error };
  const { jsonColumns: jsonParams, params } = scan;
  if (choices.dateOrder !== "auto") return { ok: true, dateOrder: choices.dateOrder, jsonParams, params };
  if (needsDateOrder(scan.finding)) return { ok: false, error: fileErrors.ambiguousDateOrder(scan.finding.examples) };
  return { ok: true, dateOrder: resolveDateOrder("auto", scan.finding), jsonParams, params };
}

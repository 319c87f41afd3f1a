import { parseArgs } from "node:util";
import { DEFAULT_TIME_ZONE } from "@/lib/events/rules";
import { FILE_OPTIONS, FILE_OPTIONS_USAGE, parseFileOptions } from "./file-options";
import { GROUP_OPTIONS_USAGE } from "./group-options";
import { importCommand } from "./import";
import { userCommand } from "./user";
import { validateCommand } from "./validate";

const USAGE = `Usage:
  backfill validate FILE [--tz ZONE] ${FILE_OPTIONS_USAGE} [--json]
      check an events CSV or workbook (.xlsx, .xlsm) with the import's rules. --event-name gives every
      row one event name; --map says which column holds a field (email, event_name or time);
      --date-format says how dates with the year last are written (auto: as the file shows; asked for
      when it does not); --sheet names the sheet of a workbook that has several; --header-line N
      reads the header from line N (a report's title lines above it are left out).
      Exit status: 0 every row valid, 1 some rows invalid, 2 the file cannot be read as an events CSV.
  backfill import FILE [--tz ZONE] ${FILE_OPTIONS_USAGE} [--trigger] [--notify EMAIL] [--destination NAME]
                [--keep-column HEADER]… [--contacts-first] ${GROUP_OPTIONS_USAGE} [--json]
      import it, staging rows while reading, wait for the end and the report; progress on stderr.
      NAME: any configured destination: builtin, webhook, yespo, customerio, klaviyo, segment or mixpanel (default: DESTINATION).
      Columns that change where a destination sends the emails an event triggers (Customer.io's
      recipient, from_address and reply_to) are left out, and stderr says so; --keep-column HEADER
      sends one all the same. --contacts-first (Yespo only) creates or updates the contacts of the
      events in Yespo before sending the events; the rows of a contact Yespo refuses are rejected.
      --group-by COLUMN makes the rows of each order (one after another,
      as shops export them) one event, with an items array of its line-item columns: those named
      in --item-columns, or begun by the prefix it gives (default: a shop's, such as "Lineitem ").
      Exit status: 0 every row delivered or skipped as a duplicate, 1 some rows rejected, 2 it could not run,
      130 stopped by Ctrl-C.
  backfill user add EMAIL [--admin]
      add an account; the password is typed twice, or read from the first line of a pipe.
  backfill user list
      list the accounts and their roles.
  backfill user passwd EMAIL
      give an account a new password (typed twice, or read from a pipe); its sessions end.
  backfill user remove EMAIL
      remove an account (never the last admin); its imports stay.
  backfill user role EMAIL admin|member
      change an account's role (the last admin stays one).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tz: { type: "string" },
      json: { type: "boolean", default: false },
      trigger: { type: "boolean", default: false },
      "contacts-first": { type: "boolean", default: false },
      notify: { type: "string" },
      destination: { type: "string" },
      "keep-column": { type: "string", multiple: true },
      "group-by": { type: "string" },
      "item-columns": { type: "string" },
      admin: { type: "boolean", default: false },
      help: { type: "boolean" },
      ...FILE_OPTIONS,
    },
  });
  const [command, file, extra, more] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const out = (text: string) => void process.stdout.write(text);
  const fileOptions = parseFileOptions(values);
  if ((command === "validate" || command === "import") && file && !fileOptions.ok) {
    out(values.json ? `${JSON.stringify({ file: null, error: fileOptions.error, total: 0, valid: 0, invalid: 0, duplicates: 0, rows: [] })}\n` : `${fileOptions.error.message}\n`);
    return 2;
  }
  const choices = fileOptions.ok ? fileOptions.choices : undefined;
  if (command === "validate" && file) {
    return validateCommand({ file, timeZone: values.tz ?? DEFAULT_TIME_ZONE, json: values.json, choices }, out);
  }
  if (command === "import" && file) {
    const timeZone = values.tz ?? DEFAULT_TIME_ZONE;
    return importCommand({ file, timeZone, trigger: values.trigger, notify: values.notify ?? null, json: values.json, choices, destination: values.destination ?? null,
      keepColumns: values["keep-column"] ?? [], contactsFirst: values["contacts-first"],
      groupBy: values["group-by"] ? { key: values["group-by"], items: values["item-columns"] ?? null } : null }, out);
  }
  if (command === "user" && file) return userCommand({ action: file, email: extra, role: more, admin: values.admin }, out);
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`backfill: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

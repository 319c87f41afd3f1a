import { MessageText } from "@/components/ui/message-text";
import type { ColumnMapping } from "@/lib/events/headers";
import type { RowIssue } from "@/lib/events/row";
import type { GridRow } from "@/lib/review/queries";

const quoted = (value: string) => (value === "" ? "(empty)" : `\`${value.replaceAll("`", "'")}\``);

function columnName(headers: readonly string[], mapping: ColumnMapping, issue: RowIssue): string | null {
  if (issue.field === "row") return null;
  const column = mapping[issue.field as "email" | "event_name" | "time"];
  return typeof column === "number" && column >= 0 ? headers[column] || "(no name)" : issue.field;
}

/** What the line under a row says, as a message with its values quoted: its problems, warnings and fixes. */
export function reasonOf(row: GridRow, headers: readonly string[], mapping: ColumnMapping): { tone: "bad" | "warn" | "fixed"; message: string } | null {
  if (row.leftOut) return null;
  const problems = row.issues.map((issue) => {
    const name = columnName(headers, mapping, issue);
    return name ? `${name}: ${issue.message}` : issue.message;
  }).join(" ");
  const fixes = row.fixes.map((fix) => `${headers[fix.column] || "(no name)"} was ${quoted(fix.before)}`).join(", ");
  if (row.state === "invalid") return { tone: "bad", message: fixes ? `${problems} (changed in review: ${fixes})` : problems };
  if (fixes) return { tone: "fixed", message: `${fixes}.${problems ? ` ${problems}` : ""}` };
  if (problems) return { tone: "warn", message: problems };
  return null;
}

export function hasReasonLine(row: GridRow): boolean {
  return !row.leftOut && (row.state === "invalid" || row.issues.length > 0 || row.fixes.length > 0);
}

const TONES = { bad: "text-red-800", warn: "text-amber-800", fixed: "text-emerald-800" };
const LABELS = { bad: "Reason", warn: "Warning", fixed: "Fixed" };

/**
 * The row's reason on a line of its own under its cells, in sight without hovering and whole: it
 * keeps to the grid's visible width, at the left, whatever the grid is scrolled to.
 */
export function ReasonLine({ row, headers, mapping, span }: { row: GridRow; headers: readonly string[]; mapping: ColumnMapping; span: number }) {
  const reason = reasonOf(row, headers, mapping);
  if (!reason) return null;
  return (
    <tr data-testid="row-reason-line" data-row={row.row}>
      <td colSpan={span} className="p-0">
        <p data-testid="row-reason" data-tone={reason.tone}
          className={`sticky left-0 w-[100cqw] break-words px-2 pb-1.5 text-xs ${TONES[reason.tone]}`}>
          <span className="font-medium">{LABELS[reason.tone]} (row {row.row}):</span> <MessageText message={reason.message} />
        </p>
      </td>
    </tr>
  );
}

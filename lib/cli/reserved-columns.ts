import { isReservedColumn, reservedAmong } from "@/lib/events/destination-rules";
import type { ColumnMapping } from "@/lib/events/headers";

/**
 * What `backfill import` tells the user about the columns its destination reserves (Customer.io's
 * `recipient`, `from_address`, `reply_to`): each one left out, how to keep it, and each one kept by
 * --keep-column. The wizard's mapping step says the same beside the column.
 */
export function reservedColumnNotes(destination: string, headers: readonly string[], mapping: ColumnMapping, keep: readonly string[]): string[] {
  const params = mapping.params.map((param) => param.name);
  const fields = new Set([mapping.email, mapping.event_name, mapping.time]);
  const notes: string[] = [];
  headers.forEach((header, index) => {
    if (fields.has(index) || params.includes(header) || !isReservedColumn(destination, header)) return;
    notes.push(`Left out the column ${header}: Customer.io sends the emails an event triggers to the address in it. ` +
      `To send it as an event attribute all the same: --keep-column ${header}.`);
  });
  for (const header of reservedAmong(destination, params)) {
    notes.push(`Kept the column ${header} (--keep-column): the emails its events trigger go to the address in it.`);
  }
  const named = new Set(headers.map((header) => header.trim().toLowerCase()));
  for (const name of keep) {
    if (!named.has(name.trim().toLowerCase())) notes.push(`--keep-column ${name}: the file has no column of that name.`);
  }
  return notes;
}

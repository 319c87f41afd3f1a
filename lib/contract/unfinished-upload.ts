import type { ImportColumns } from "@/lib/csv/rejected-rows";
import type { DateOrder } from "@/lib/events/date-order";
import type { RememberedChoices } from "@/lib/events/import-choices";

/** An upload that stopped before all its rows arrived, as its creator is told when choosing the file again. */
export type UnfinishedUpload = { importId: string; fileName: string; startedAt: string; staged: number; rows: number | null };

/** What the wizard needs to send the rest: a new token, the choices the rows were read with, the calls already stored. */
export type UploadToContinue = {
  token: string;
  stagedSeqs: number[];
  columns: ImportColumns;
  mapChoices: RememberedChoices | null;
  timeZone: string;
  dateOrder: DateOrder | null;
  eventName: string | null;
  jsonParams: string[];
  triggerCampaigns: boolean;
};

import type { ImportColumns } from "@/lib/csv/rejected-rows";
import type { ImportStatus } from "./import-status";

/** The contacts step of a Yespo import with "contacts first": addresses sent, settled, and refused by Yespo. */
export type ContactsProgress = { total: number; settled: number; failed: number; sessions: number; sessionsFinished: number };

/** One import as the pages show it: its state, counts and who started it. */
export type ImportView = {
  id: string;
  fileName: string;
  status: ImportStatus;
  destination: string;
  triggerCampaigns: boolean;
  columns: ImportColumns;
  total: number;
  delivered: number;
  duplicates: number;
  rejected: number;
  batchesDone: number;
  settled: number;
  notifyEmail: string | null;
  /** The user who started it; null for imports made with the command line. */
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  reportSentAt: Date | null;
  /** How the report went: "smtp" when the SMTP server took it, "outbox" when it is kept in the outbox. */
  reportVia: string | null;
  /** The email of the user who started it, while that account exists. */
  createdByEmail: string | null;
  timeZone: string;
  error: string | null;
};

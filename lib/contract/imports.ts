import { readChoicesSchema } from "@/lib/events/import-choices";
import { isValidTimeZone } from "@/lib/events/time-zone";
import { DESTINATION_NAMES } from "./destination";
import { z } from "./zod";

/**
 * The secrets a browser holds to prove who it is (a session) or that it started an import: 256
 * random bits, base64url.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Proof that a call comes from whoever created the import: only its hash is stored. */
export const importTokenSchema = z.string().regex(TOKEN_PATTERN);

/**
 * Which header holds each field, the headers that become parameters, and those of them that the
 * destination reserves (Customer.io's `recipient`, …) and the user kept on purpose: the server sends
 * a reserved parameter only when the import recorded it here.
 */
export const importColumnsSchema = z.object({
  email: z.string().min(1).max(500),
  event_name: z.string().min(1).max(500),
  time: z.string().min(1).max(500),
  params: z.array(z.string().min(1).max(500)).max(1000),
  keptReserved: z.array(z.string().min(1).max(500)).max(1000).optional(),
}).refine((columns) => (columns.keptReserved ?? []).every((name) => columns.params.includes(name)), {
  message: "a kept column must be one of the parameters", path: ["keptReserved"],
});

/** The destination an import is sent to: a configured one's name, never a place (decision 012). */
export const destinationNameSchema = z.enum(DESTINATION_NAMES);

/** An import as it is started: the file, how its columns and times read, and where its report goes. */
export const createImportInputSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  columns: importColumnsSchema,
  timeZone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin"),
  triggerCampaigns: z.boolean(),
  /** Yespo only: create or update the contacts of the events first. */
  contactsFirst: z.boolean().optional(),
  notifyEmail: z.email().max(254).nullable(),
  /**
   * Whether rows that match an event already delivered at the same moment with other values are sent
   * anyway; skipped when absent (decision 016).
   */
  sendChangedRepeats: z.boolean().optional(),
}).extend(readChoicesSchema.shape);
export type CreateImportInput = z.infer<typeof createImportInputSchema>;

/** Why an import that asks for contacts first is refused elsewhere: only Yespo has that step. */
export const CONTACTS_FIRST_ONLY_YESPO = "Creating the contacts first is an option of Yespo imports only; this import goes elsewhere.";

/** The numbers the event rules are built on, stated once. */

export const MAX_EMAIL_LENGTH = 254;
export const MAX_EVENT_NAME_LENGTH = 255;
/** A parameter's column name and value; the server refuses a whole batch past these, so a row is checked against them. */
export const MAX_PARAM_NAME_LENGTH = 1_000;
export const MAX_PARAM_VALUE_LENGTH = 100_000;
/**
 * All of a row's text together (values and parameter names): a stageRows call, which carries up to
 * 500 rows, must stay under the server's 2 MB body limit whatever they hold.
 */
export const MAX_ROW_CHARS = 250_000;
/** The longest raw values a stageRows call takes; a longer value is already an error of its row. */
export const MAX_RAW_LENGTHS = { email: 10_000, event_name: 10_000, time: 1_000 } as const;
/** A time this far past "now" is still accepted, to forgive clocks that run a little fast. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
/** The earliest instant an event may have: Unix time zero. */
export const EARLIEST_EVENT_MS = 0;
export const DEFAULT_TIME_ZONE = "UTC";
/** Columns our own rejected-rows CSV adds; a corrected file imports again with them ignored. */
export const REPORT_COLUMNS = ["row_number", "rejection_reason"] as const;

/** The reason a row left out in the review carries in the report and the rejected-rows CSV. */
export const LEFT_OUT_REASON = "Left out in review";

export const EVENT_FIELDS = ["email", "event_name", "time"] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

export const FIELD_LABELS: Record<EventField, string> = {
  email: "email",
  event_name: "event name",
  time: "time",
};

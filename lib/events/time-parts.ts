/** A time as written, split into its parts; the caller checks their ranges. */
export type TimeParts = {
  year: number; month: number; day: number;
  hour: number; minute: number; second: number; millis: number;
  /** null when the time has no offset and is read in the chosen zone. */
  offsetMinutes: number | null;
};

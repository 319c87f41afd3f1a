const formatters = new Map<string, Intl.DateTimeFormat>();

function format(date: Date, timeZone: string, withDate: boolean): string {
  const key = `${timeZone}\u0000${withDate}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      ...(withDate ? { day: "numeric", month: "short", year: "numeric" } : {}),
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

/**
 * A moment as people read it, in the import's time zone and in UTC: "2 Jan 2015, 13:05
 * (Australia/Brisbane) · 03:05 UTC". The UTC part names its date too when that is another day.
 */
export function readableTime(date: Date, timeZone: string): string {
  const utc = format(date, "UTC", true);
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return `${utc} UTC`;
  const local = format(date, timeZone, true);
  const sameDay = local.slice(0, local.lastIndexOf(",")) === utc.slice(0, utc.lastIndexOf(","));
  return `${local} (${timeZone.replaceAll("_", " ")}) · ${sameDay ? format(date, "UTC", false) : utc} UTC`;
}

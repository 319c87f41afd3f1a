/**
 * Time zones as people look for them: by the current name of their city, with their UTC offset now.
 * Browsers list ICU's canonical ids, which keep some names that the IANA database has since changed
 * (its `backward` file lists the old ones as links to the new): these are the renames among them.
 */
const RENAMED: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

function isKnown(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A zone's current name, where the runtime knows it by that name too (older ones know only the old). */
export function currentZoneName(zone: string): string {
  const renamed = RENAMED[zone];
  return renamed && isKnown(renamed) ? renamed : zone;
}

/** A zone's offset from UTC at an instant, as "UTC+02:00" (and "UTC+00:00" for none, as a search finds it). */
export function utcOffsetOf(zone: string, atMs: number): string {
  const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date(atMs)).find((candidate) => candidate.type === "timeZoneName")?.value ?? "GMT";
  return part === "GMT" ? "UTC+00:00" : part.replace("GMT", "UTC");
}

/** A zone as a list shows it: "Europe/Kyiv (UTC+02:00)", with spaces for underscores. */
export function zoneLabel(zone: string, atMs: number): string {
  return `${zone.replaceAll("_", " ")} (${utcOffsetOf(zone, atMs)})`;
}

/** Every zone the runtime knows, by current name, once each, UTC first and the given zone among them. */
export function listTimeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = new Set(["UTC", ...known.map(currentZoneName).sort(), currentZoneName(current)]);
  return [...zones];
}

/** The zones whose name or offset holds the text typed, any case, with spaces for underscores. */
export function searchTimeZones(zones: readonly string[], text: string, atMs: number): string[] {
  const wanted = text.trim().toLowerCase().replaceAll("_", " ");
  if (wanted === "") return [...zones];
  return zones.filter((zone) => zoneLabel(zone, atMs).toLowerCase().includes(wanted));
}

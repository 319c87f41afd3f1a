/** How many events fall in each day, month or year (UTC) between the earliest and the latest. */
export type Timeline = {
  unit: "day" | "month" | "year";
  buckets: { label: string; count: number }[];
  earliestMs: number | null;
  latestMs: number | null;
  /** Events dated in 1970: the mark of zeros, or of seconds read as milliseconds. */
  in1970: number;
};

const DAY_MS = 86_400_000;
const MAX_DAYS = 62;
const MAX_MONTHS = 72;

/** Year, month (1–12) and day of a count of days since 1970-01-01 (H. Hinnant's civil_from_days). */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad = (value: number) => String(value).padStart(2, "0");

/**
 * Buckets instants by day when they span two months at most, by month up to six years, else by
 * year, with the empty buckets in between kept: a gap or a lump is what the picture is for.
 */
export function computeTimeline(instants: readonly number[]): Timeline {
  let earliest = Infinity;
  let latest = -Infinity;
  let in1970 = 0;
  for (const ms of instants) {
    if (ms < earliest) earliest = ms;
    if (ms > latest) latest = ms;
    if (ms < 365 * DAY_MS) in1970++;
  }
  if (instants.length === 0) return { unit: "month", buckets: [], earliestMs: null, latestMs: null, in1970: 0 };
  const firstDay = Math.floor(earliest / DAY_MS);
  const lastDay = Math.floor(latest / DAY_MS);
  const [firstYear, firstMonth] = civilFromDays(firstDay);
  const [lastYear, lastMonth] = civilFromDays(lastDay);
  const months = (lastYear - firstYear) * 12 + lastMonth - firstMonth + 1;
  const unit = lastDay - firstDay + 1 <= MAX_DAYS ? "day" : months <= MAX_MONTHS ? "month" : "year";
  const size = unit === "day" ? lastDay - firstDay + 1 : unit === "month" ? months : lastYear - firstYear + 1;
  const counts = new Array<number>(size).fill(0);
  for (const ms of instants) {
    const days = Math.floor(ms / DAY_MS);
    if (unit === "day") counts[days - firstDay]++;
    else {
      const [year, month] = civilFromDays(days);
      counts[unit === "month" ? (year - firstYear) * 12 + month - firstMonth : year - firstYear]++;
    }
  }
  const buckets = counts.map((count, k) => {
    if (unit === "year") return { label: String(firstYear + k), count };
    if (unit === "month") {
      const index = firstMonth - 1 + k;
      return { label: `${firstYear + Math.floor(index / 12)}-${pad((index % 12) + 1)}`, count };
    }
    const [year, month, day] = civilFromDays(firstDay + k);
    return { label: `${year}-${pad(month)}-${pad(day)}`, count };
  });
  return { unit, buckets, earliestMs: earliest, latestMs: latest, in1970 };
}

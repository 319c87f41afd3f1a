/**
 * What a destination allows an event's parameters, for the mapping step to warn before a wide file
 * is sent, and for the destination to enforce when it sends.
 */

/** Customer.io's limit on one entry of a Track API v2 `/batch` request, an event with its parameters: 32 kB. */
export const CUSTOMERIO_MAX_EVENT_BYTES = 32_000;

type ParameterLimit = { label: string; maxEventBytes: number };

const LIMITS: Readonly<Record<string, ParameterLimit>> = {
  customerio: { label: "Customer.io", maxEventBytes: CUSTOMERIO_MAX_EVENT_BYTES },
};

/** An event's parameters as JSON, in bytes of UTF-8: what a limit on an event's size counts. */
export function parameterBytes(names: readonly string[], values: readonly string[]): number {
  const params: Record<string, string> = {};
  names.forEach((name, k) => {
    if (values[k] !== "") params[name] = values[k];
  });
  return new TextEncoder().encode(JSON.stringify(params)).length;
}

/**
 * A warning for the mapping step when the destination limits an event's size and the first rows'
 * parameters take half of it or more; null when they are well within it, or it has no limit.
 */
export function parameterLimitWarning(destination: string, parameterCount: number, largestBytes: number): string | null {
  const limit = LIMITS[destination];
  if (!limit || parameterCount === 0 || largestBytes * 2 < limit.maxEventBytes) return null;
  const kB = (bytes: number) => `${Math.ceil(bytes / 1000).toLocaleString("en")} kB`;
  const share = largestBytes > limit.maxEventBytes ? "more than that" : "close to that";
  return `${limit.label} takes ${kB(limit.maxEventBytes)} at most for an event with its parameters. With ${parameterCount.toLocaleString("en")} parameter columns, the first rows of this file take up to ${kB(largestBytes)}, ${share}: events over it are rejected. Leave out the columns you do not need.`;
}

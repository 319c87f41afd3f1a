/**
 * Parameters that hold JSON: a column whose non-empty values are all JSON arrays or objects (an
 * order's `items`, as in Yespo's own order example) is sent as JSON, not as text. In a row, such a
 * value is kept as canonical JSON text (keys sorted, no spaces), so that equal JSON is one dedup key;
 * it becomes a JSON value again where it is stored and sent.
 */

/** A JSON value as JSON.parse gives it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** What a parameter holds on its way out: text, or the JSON of a JSON column. */
export type ParamValue = string | JsonValue[] | { [key: string]: JsonValue };

function startsAsContainer(value: string): boolean {
  const first = value.trimStart().charCodeAt(0);
  return first === 91 || first === 123; // [ or {
}

/** The value as canonical JSON text, or why it is not a JSON array or object. */
export function readJsonParam(name: string, value: string): { ok: true; canonical: string } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    const where = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, "") : "it cannot be read";
    return { ok: false, message: `The value of \`${name}\` is not valid JSON: ${where}.` };
  }
  if (parsed === null || typeof parsed !== "object") {
    return { ok: false, message: `The value of \`${name}\` is not a JSON array or object, as the other values of its column are.` };
  }
  return { ok: true, canonical: canonicalJson(parsed) };
}

/** JSON text with every object's keys sorted: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A row's parameters as stored and sent: the JSON columns' values as JSON. */
export function paramsWithJson(params: Record<string, string>, jsonParams: readonly string[]): Record<string, ParamValue> {
  if (jsonParams.length === 0) return params;
  const out: Record<string, ParamValue> = { ...params };
  for (const name of jsonParams) if (Object.hasOwn(params, name)) out[name] = JSON.parse(params[name]) as ParamValue;
  return out;
}

/**
 * Finds, as a file streams by, the parameter columns whose non-empty values are all JSON arrays or
 * objects. A column leaves the running at its first other value, so most are settled on row 2.
 */
export class JsonColumnDetector {
  private readonly candidates = new Map<number, { name: string; seen: boolean }>();

  constructor(params: readonly { index: number; name: string }[]) {
    for (const { index, name } of params) this.candidates.set(index, { name, seen: false });
  }

  observe(fields: readonly string[]): void {
    if (this.candidates.size === 0) return;
    for (const [index, candidate] of this.candidates) {
      const value = fields[index];
      if (value === undefined || value.trim() === "") continue;
      if (!startsAsContainer(value) || !readJsonParam(candidate.name, value).ok) this.candidates.delete(index);
      else candidate.seen = true;
    }
  }

  /** No column is left to decide. */
  get settled(): boolean {
    return this.candidates.size === 0;
  }

  /** The names of the JSON columns. */
  result(): string[] {
    return [...this.candidates.values()].filter((candidate) => candidate.seen).map((candidate) => candidate.name);
  }
}

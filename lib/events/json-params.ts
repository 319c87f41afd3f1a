/**
 * Parameters that hold JSON: a column whose non-empty values are nearly all JSON arrays or objects (an
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
 * A JSON column holds JSON in nearly every non-empty value: at most one other value in this many.
 * Those few are rows with a problem (checkEvent says where each breaks), never text sent where the
 * rest are JSON, and one mistyped value among 2,000 orders does not turn every order's items to text.
 */
export const JSON_COLUMN_SHARE = 20;
/** Past this many other values, a column not nearly all JSON by then is ruled out, so that a scan can stop. */
const OTHERS_TO_RULE_OUT = 50;

/** What a part of a file says of one parameter column: still in the running, its JSON values, its others. */
export type JsonColumnCount = { open: boolean; json: number; others: number };

export function isJsonColumn({ open, json, others }: JsonColumnCount): boolean {
  return open && json > 0 && others * (JSON_COLUMN_SHARE - 1) <= json;
}

/** Finds, as a file streams by, the parameter columns whose non-empty values are nearly all JSON arrays or objects. */
export class JsonColumnDetector {
  private readonly columns: { index: number; name: string; count: JsonColumnCount }[];
  private open: number;

  constructor(params: readonly { index: number; name: string }[]) {
    this.columns = params.map(({ index, name }) => ({ index, name, count: { open: true, json: 0, others: 0 } }));
    this.open = this.columns.length;
  }

  observe(fields: readonly string[]): void {
    if (this.open === 0) return;
    for (const { index, name, count } of this.columns) {
      if (!count.open) continue;
      const value = fields[index];
      if (value === undefined || value.trim() === "") continue;
      if (startsAsContainer(value) && readJsonParam(name, value).ok) {
        count.json++;
      } else if (++count.others > OTHERS_TO_RULE_OUT && !isJsonColumn(count)) {
        count.open = false;
        this.open--;
      }
    }
  }

  /** No column is left to decide. */
  get settled(): boolean {
    return this.open === 0;
  }

  /** Each column's count, in the order of the parameters. */
  counts(): JsonColumnCount[] {
    return this.columns.map(({ count }) => ({ ...count }));
  }

  /** The names of the JSON columns. */
  result(): string[] {
    return this.columns.filter(({ count }) => isJsonColumn(count)).map(({ name }) => name);
  }
}

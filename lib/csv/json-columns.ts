import { JsonColumnDetector } from "@/lib/events/json-params";

/** What one part of a file says of each parameter column: still all JSON (or blank), and seen holding JSON. */
export type JsonColumnsState = { open: boolean; seen: boolean }[];

/**
 * The parameter columns whose values are all JSON arrays or objects, found column by column so that
 * what two parts of a file found can be joined: a column is JSON when no part ruled it out and some
 * part saw JSON in it.
 */
export class JsonColumns {
  private readonly columns: { detector: JsonColumnDetector; name: string }[];

  constructor(params: readonly { index: number; name: string }[]) {
    this.columns = params.map((param) => ({ detector: new JsonColumnDetector([param]), name: param.name }));
  }

  observe(fields: readonly string[]): void {
    for (let i = 0; i < this.columns.length; i++) this.columns[i].detector.observe(fields);
  }

  /** No column is left to decide. */
  get settled(): boolean {
    return this.columns.every((column) => column.detector.settled);
  }

  state(): JsonColumnsState {
    return this.columns.map(({ detector }) => ({ open: !detector.settled, seen: detector.result().length > 0 }));
  }

  /** The names of the JSON columns, in column order. */
  result(): string[] {
    return this.columns.filter(({ detector }) => detector.result().length > 0).map(({ name }) => name);
  }

  /** The JSON columns of a file whose parts, in order, found these states. */
  static joined(params: readonly { name: string }[], parts: readonly JsonColumnsState[]): string[] {
    return params
      .filter((_, i) => parts.every((part) => part[i].open) && parts.some((part) => part[i].seen))
      .map((param) => param.name);
  }
}

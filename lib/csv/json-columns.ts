import { JsonColumnDetector, isJsonColumn, type JsonColumnCount } from "@/lib/events/json-params";

/** What one part of a file says of each parameter column, in the order of the parameters. */
export type JsonColumnsState = JsonColumnCount[];

/**
 * The parameter columns whose values are nearly all JSON arrays or objects, counted column by column
 * so that what two parts of a file found can be joined: a column is JSON when no part ruled it out
 * and the parts' counts together make it one.
 */
export class JsonColumns {
  private readonly detector: JsonColumnDetector;

  constructor(params: readonly { index: number; name: string }[]) {
    this.detector = new JsonColumnDetector(params);
  }

  observe(fields: readonly string[]): void {
    this.detector.observe(fields);
  }

  /** No column is left to decide. */
  get settled(): boolean {
    return this.detector.settled;
  }

  state(): JsonColumnsState {
    return this.detector.counts();
  }

  /** The names of the JSON columns, in column order. */
  result(): string[] {
    return this.detector.result();
  }

  /** The JSON columns of a file whose parts, in order, found these states. */
  static joined(params: readonly { name: string }[], parts: readonly JsonColumnsState[]): string[] {
    return params
      .filter((_, i) => isJsonColumn({
        open: parts.every((part) => part[i].open),
        json: parts.reduce((sum, part) => sum + part[i].json, 0),
        others: parts.reduce((sum, part) => sum + part[i].others, 0),
      }))
      .map((param) => param.name);
  }
}

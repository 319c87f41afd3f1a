/**
 * The fields of many rows as one string and two arrays of offsets: what crosses from a worker in one
 * copy of the text and two transferred buffers, where arrays of strings would be cloned one string
 * and one array at a time.
 */
export type PackedFields = {
  /** Every field of every row, one after the other. */
  text: string;
  /** Where each field ends in `text`. */
  fieldEnds: Int32Array;
  /** Where each row's fields end in `fieldEnds`. */
  rowEnds: Int32Array;
};

/** Strings joined at a time: one join of millions of short strings would hold them all until the end. */
const PARTS_PER_JOIN = 1 << 16;

export class FieldPacker {
  private parts: string[] = [];
  private joined: string[] = [];
  private length = 0;
  private fieldEnds = new Int32Array(1 << 12);
  private fields = 0;
  private rowEnds = new Int32Array(1 << 10);
  private rows = 0;

  get size(): number {
    return this.rows;
  }

  push(fields: readonly string[]): void {
    if (this.fields + fields.length > this.fieldEnds.length) this.fieldEnds = grown(this.fieldEnds, this.fields + fields.length);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      this.length += field.length;
      this.fieldEnds[this.fields++] = this.length;
      if (field.length > 0) this.parts.push(field);
    }
    if (this.parts.length >= PARTS_PER_JOIN) this.flush();
    if (this.rows === this.rowEnds.length) this.rowEnds = grown(this.rowEnds, this.rows + 1);
    this.rowEnds[this.rows++] = this.fields;
  }

  packed(): PackedFields {
    this.flush();
    const text = this.joined.join("");
    if (text.length !== this.length) throw new RangeError("The packed fields lost characters.");
    return { text, fieldEnds: this.fieldEnds.slice(0, this.fields), rowEnds: this.rowEnds.slice(0, this.rows) };
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.joined.push(this.parts.join(""));
    this.parts = [];
  }
}

/** The fields of the `row`-th row packed (from 0). */
export function unpackRow(packed: PackedFields, row: number): string[] {
  const { text, fieldEnds, rowEnds } = packed;
  const first = row === 0 ? 0 : rowEnds[row - 1];
  const last = rowEnds[row];
  const fields = new Array<string>(last - first);
  let start = first === 0 ? 0 : fieldEnds[first - 1];
  for (let i = first; i < last; i++) {
    const end = fieldEnds[i];
    fields[i - first] = text.slice(start, end);
    start = end;
  }
  return fields;
}

/** The buffers of packed fields, to transfer rather than copy. */
export function packedBuffers(packed: PackedFields | null): ArrayBuffer[] {
  return packed ? [packed.fieldEnds.buffer as ArrayBuffer, packed.rowEnds.buffer as ArrayBuffer] : [];
}

function grown(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(Math.max(atLeast, array.length * 2));
  larger.set(array);
  return larger;
}

/**
 * Remembers which row first had each 64-bit fingerprint, in one typed array (low, high, row: 12 bytes
 * a slot, side by side so a probe touches one cache line) rather than a Map of strings: a million rows
 * fit in about 25 MB.
 */
export class FingerprintTable {
  private slots: Int32Array;
  private size = 0;

  /**
   * `expected`: about how many fingerprints it will hold, so that it need not grow (and copy itself)
   * on the way; an estimate, so no more than 2 million are made room for at once (50 MB).
   */
  constructor(expected = 0) {
    let capacity = 1 << 16;
    while (capacity < expected * 2 && capacity < 1 << 22) capacity *= 2;
    this.slots = new Int32Array(capacity * 3);
  }

  /** Returns the row that had this fingerprint first, or -1 after remembering `row` (≥ 1) for it. */
  firstRowOr(low: number, high: number, row: number): number {
    const capacity = this.slots.length / 3;
    if ((this.size + 1) * 2 > capacity) this.grow();
    const slots = this.slots;
    const at = this.slotOf(low, high);
    const existing = slots[at + 2];
    if (existing !== 0) return existing;
    slots[at] = low;
    slots[at + 1] = high;
    slots[at + 2] = row;
    this.size++;
    return -1;
  }

  /** The row that had this fingerprint first, or -1; remembers nothing. */
  firstRow(low: number, high: number): number {
    const existing = this.slots[this.slotOf(low, high) + 2];
    return existing === 0 ? -1 : existing;
  }

  /** Where the fingerprint's slot starts: its own, or the free one it would take. */
  private slotOf(low: number, high: number): number {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    for (;;) {
      const at = slot * 3;
      if (slots[at + 2] === 0 || (slots[at] === (low | 0) && slots[at + 1] === (high | 0))) return at;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.size = 0;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] !== 0) this.firstRowOr(old[at], old[at + 1], old[at + 2]);
    }
  }
}

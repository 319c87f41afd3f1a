import "server-only";

/**
 * How many password hashes this process runs at once, and how many may wait. Each scrypt check
 * takes ~50 ms of a core and 32 MB: a flood of sign-ins would otherwise take every thread of
 * libuv's pool and the memory with it, and every other request would wait behind them.
 */
export const HASHES_AT_ONCE = 2;
export const HASHES_WAITING = 32;

export class HashesBusy extends Error {
  constructor() {
    super("The server is busy checking other sign-ins: try again in a moment.");
  }
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a slot is free; refuses at once (HashesBusy) when too many are waiting already. */
export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHES_AT_ONCE) {
    if (waiting.length >= HASHES_WAITING) throw new HashesBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or is given back.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

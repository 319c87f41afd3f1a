import "server-only";

export const AFTER_SIGN_IN = "/imports";

const BASE = "http://backfill.invalid";

/**
 * Where to go after signing in: a path of this app only. `next` is first normalised the way a
 * browser will read it (resolved against a stand-in origin: dot segments removed, `%2e` read as
 * `.`), and only then checked, because the check must judge what the browser lands on:
 * `/.//evil.example` normalises to `//evil.example`, which a browser reads as another host.
 * The result is kept only if it is a path (one leading slash) that resolves to itself again, so
 * that no second reading can turn it into something else. Control characters and backslashes are
 * refused outright: browsers drop tabs and line breaks from URLs and read `\` as `/`.
 */
export function nextPath(next: string | string[] | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return AFTER_SIGN_IN;
  const path = normalise(next);
  if (path === null || path.startsWith("//") || normalise(path) !== path) return AFTER_SIGN_IN;
  return path.startsWith("/sign-in") ? AFTER_SIGN_IN : path;
}

/** Path, query and hash of `next` resolved against the stand-in origin; null if it leaves it. */
function normalise(next: string): string | null {
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : null;
}

import "server-only";

export const AFTER_SIGN_IN = "/imports";

/**
 * Where to go after signing in: a path of this app only. `next` is resolved against the app's own
 * origin and only its path, query and hash are kept, so `//evil.example`, `/\evil.example` or a
 * full URL cannot lead elsewhere. Control characters and backslashes are refused outright:
 * browsers drop tabs and line breaks from URLs and read `\` as `/`, so `/<TAB>/evil.example`
 * would become `//evil.example` after our check, and a line break has no business in a redirect.
 */
export function nextPath(next: string | string[] | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return AFTER_SIGN_IN;
  const base = "http://backfill.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (url.origin !== base) return AFTER_SIGN_IN;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/sign-in") ? AFTER_SIGN_IN : path;
}

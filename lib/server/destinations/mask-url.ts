import "server-only";

/**
 * A destination URL as an admin page may show it. Webhook receivers often put their secret in the
 * URL (a `?token=` query, `user:password@`, a long random path segment); like the keys, those
 * show only their last 4 characters. The scheme, host, port and the plain words of the path stay,
 * so that an admin can still tell where events go.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return mask(value);
  }
  const auth = url.username || url.password ? `${mask(url.username)}${url.password ? `:${mask(url.password)}` : ""}@` : "";
  // "https://host" stays without the "/" that URL adds.
  const bare = url.pathname === "/" && !value.replace(/[?#].*$/, "").endsWith("/");
  const path = (bare ? "" : url.pathname)
    .split("/")
    .map((segment) => (looksSecret(decodeURIComponent(segment)) ? mask(segment) : segment))
    .join("/");
  const query = [...url.searchParams].map(([name, text]) => `${name}=${mask(text)}`).join("&");
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ""}${url.hash ? "#••••" : ""}`;
}

function mask(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : "••••";
}

/** A long run of letters and digits mixed, as random tokens are; not a word such as "hooks" or "backfill-events". */
function looksSecret(segment: string): boolean {
  return segment.length >= 16 && /\d/.test(segment) && /[A-Za-z]/.test(segment) && !/^[a-z]+(-[a-z]+)*$/.test(segment);
}

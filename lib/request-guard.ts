/**
 * What the proxy refuses before any page, route or server action runs (proxy.ts):
 * - a request sent to a host name that is not Backfill's (APP_URL's host or one of ALLOWED_ORIGINS):
 *   a page elsewhere that rebinds its own name to this server's address would otherwise read our
 *   pages with the victim's cookies, and the Origin check would see that name as our own;
 * - a state-changing request (every POST here is a server action) whose Origin is missing, `null`
 *   or not one of those hosts. Next.js refuses these too, but later, as a 500 with a stack trace in
 *   the log for each attempt; here it is a plain 403 and no log line;
 * - a POST whose body Next.js could not decode (refuseBody): it would answer 500 and log the
 *   parser's error with its stack, before any of our checks (the session among them) runs.
 */
export type Refusal = { status: 421 | 403 | 400; message: string };

export const WRONG_HOST = "This server does not answer for that address. Open Backfill at its own address (APP_URL).";
export const FOREIGN_ORIGIN = "This request did not come from Backfill's own pages, so it was refused.";
export const UNREADABLE_BODY = "This request's body is not what Backfill's pages send, so it was refused.";

/** host[:port] of APP_URL and every ALLOWED_ORIGINS entry, lower-cased. */
export function allowedHosts(appUrl: string, allowedOrigins: readonly string[]): string[] {
  return [new URL(appUrl).host, ...allowedOrigins].map((host) => host.toLowerCase());
}

/** The host[:port] an Origin header names, lower-cased; null when it is missing, `null` or not a URL. */
export function originHost(origin: string | null): string | null {
  if (!origin || origin === "null") return null;
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

export function refuseRequest(request: { method: string; host: string | null; origin: string | null }, hosts: readonly string[]): Refusal | null {
  if (!request.host || !hosts.includes(request.host.toLowerCase())) return { status: 421, message: WRONG_HOST };
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  const origin = originHost(request.origin);
  return origin && hosts.includes(origin) ? null : { status: 403, message: FOREIGN_ORIGIN };
}

/**
 * A POST body that Next.js would fail to decode: a form (multipart) that does not parse, or a
 * server action's arguments (`Next-Action`, a text body) that are not JSON, the form React's
 * `encodeReply` sends them in. Next.js hands proxy.ts a copy of the body, so reading it here leaves
 * the request's own intact.
 */
export async function refuseBody(request: Request): Promise<Refusal | null> {
  if (request.method !== "POST") return null;
  const refused = { status: 400 as const, message: UNREADABLE_BODY };
  if (/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
    return request.formData().then(() => null, () => refused);
  }
  if (!request.headers.has("next-action")) return null;
  try {
    JSON.parse(await request.text());
    return null;
  } catch {
    return refused;
  }
}

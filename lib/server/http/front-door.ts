import "server-only";
import SECURITY_HEADERS from "@/lib/security-headers.json";
import { onArrival } from "./arrival";

/** What the app serves: pages and files (GET, HEAD) and server actions (POST). */
export const SERVED_METHODS = ["GET", "HEAD", "POST"];

export type EarlyAnswer = { status: 404 | 405; message: string };

/**
 * Requests that Next.js would answer with a 500 and, for some, a stack trace in the log: a method
 * it cannot turn into a web Request (TRACE) or that no page serves, and a path whose percent
 * escapes do not decode (`/imports/%ZZ`). Anyone can send these without a session.
 */
export function earlyAnswer(method: string | undefined, url: string | undefined): EarlyAnswer | null {
  if (!SERVED_METHODS.includes(method ?? "")) {
    return { status: 405, message: `Backfill does not answer ${method} requests: only ${SERVED_METHODS.join(", ")}.` };
  }
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
  } catch {
    return { status: 404, message: "There is no such page: the address does not decode." };
  }
  return null;
}

/**
 * The security headers on every response, set as the request arrives so that no answer goes
 * without them (Next.js's own 500s included; next.config.js sets the same list for its routes), and
 * the early answers above, plain text and unlogged.
 */
export function guardFrontDoor(): void {
  onArrival((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const answer = earlyAnswer(request.method, request.url);
    if (!answer) return false;
    if (answer.status === 405) response.setHeader("Allow", SERVED_METHODS.join(", "));
    response.writeHead(answer.status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    response.end(answer.message);
    request.resume();
    return true;
  });
}

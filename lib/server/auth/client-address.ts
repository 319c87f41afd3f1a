import "server-only";
import { headers } from "next/headers";
import { onArrival } from "@/lib/server/http/arrival";

/**
 * Who is asking, for the sign-in limits. Next.js gives server actions no socket, and fills in
 * `X-Forwarded-For` only when the client did not send one, so that header proves nothing. The web
 * process therefore stamps every request, as it arrives, with the address it trusts (this header,
 * overwritten whatever the client sent), and the actions read it back.
 */
export const CLIENT_HEADER = "x-backfill-client";

/**
 * The client's address: the socket's peer, or, behind `trustedProxies` proxies, the address the
 * farthest trusted one saw (each proxy appends its peer to `X-Forwarded-For`, so the last
 * `trustedProxies` entries are theirs to vouch for and anything before them is the client's word).
 */
export function clientFrom(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketAddress ?? "unknown"];
  const client = chain[Math.max(0, chain.length - 1 - trustedProxies)];
  return normalise(client);
}

function normalise(address: string): string {
  const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64);
  return /^[\w.:[\]%-]+$/.test(plain) ? plain.toLowerCase() : "unknown";
}

const installed = globalThis as unknown as { backfillClientStamp?: number };

/** Stamps every request this process's HTTP servers receive; once per process. */
export function stampClientAddresses(trustedProxies: number): void {
  if (installed.backfillClientStamp !== undefined) return;
  installed.backfillClientStamp = trustedProxies;
  onArrival((request) => {
    request.headers[CLIENT_HEADER] = clientFrom(request.socket?.remoteAddress, request.headers["x-forwarded-for"], trustedProxies);
    return false;
  });
}

/**
 * The address of the client that sent the current request, as stamped on its arrival. In a process
 * that does not stamp, the header could only have come from the client: it is not believed.
 */
export async function clientAddress(): Promise<string> {
  if (installed.backfillClientStamp === undefined) return "unknown";
  return (await headers()).get(CLIENT_HEADER) ?? "unknown";
}

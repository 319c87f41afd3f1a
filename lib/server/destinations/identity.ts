import "server-only";
import { createHash } from "node:crypto";

/** The built-in store's identity: one database, one store. */
export const BUILTIN_IDENTITY = "builtin";

/**
 * A destination's identity for the ledger of delivered events: its kind, where it answers (origin
 * and path, no query, which may hold a token) and a short hash of what names the account there (the
 * API key, the site id, the full URL). Never the secret itself, and stable while the account is the
 * same, so that an event delivered once is known there on every later import.
 */
export function destinationIdentity(kind: string, url: string, account: string): string {
  const parsed = new URL(url);
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
  const hash = createHash("sha256").update(account, "utf8").digest("hex").slice(0, 16);
  return `${kind} ${base} ${hash}`;
}

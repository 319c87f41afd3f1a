import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new secret of TOKEN_PATTERN's form. Only its SHA-256 is stored, so a copy of the database proves nothing. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * The secrets a browser holds to prove who it is (a session) or that it started an import: 256
 * random bits, base64url. Only their SHA-256 is stored, so a copy of the database proves nothing.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

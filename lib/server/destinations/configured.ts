import "server-only";
import { env } from "@/lib/env";
import { BUILTIN_LABEL } from "./builtin";
import type { Destination } from "./types";
import { WEBHOOK_LABEL, webhookDestination } from "./webhook";

/** The destination an import names, built from configuration only; null is the built-in store. */
export function destinationFor(name: string): Destination | null {
  const config = env();
  if (name === "webhook" && config.WEBHOOK_URL && config.WEBHOOK_SECRET) {
    return webhookDestination({ url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET });
  }
  if (name === "builtin") return null;
  throw new Error(`The destination "${name}" of this import is not configured.`);
}

export const DESTINATION_LABELS: Record<string, string> = { builtin: BUILTIN_LABEL, webhook: WEBHOOK_LABEL };

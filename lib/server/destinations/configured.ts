import "server-only";
import { env, type Env } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import { BUILTIN_LABEL } from "./builtin";
import { BUILTIN_IDENTITY } from "./identity";
import { CUSTOMERIO_LABEL, customerioDestination } from "./customerio";
import { maskUrl } from "./mask-url";
import { MIXPANEL_LABEL, mixpanelDestination } from "./mixpanel";
import { requestBudget } from "./request-budget";
import { SEGMENT_LABEL, segmentDestination } from "./segment";
import type { ConnectionCheck, Destination } from "./types";
import { WEBHOOK_LABEL, webhookDestination } from "./webhook";
import { deletePastEvents, YESPO_LABEL, yespoDestination, type DeleteRange, type YespoConfig } from "./yespo";
import type { DestinationDescription } from "@/lib/contract/destination";

export const DESTINATION_LABELS: Record<string, string> = {
  builtin: BUILTIN_LABEL,
  webhook: WEBHOOK_LABEL,
  yespo: YESPO_LABEL,
  customerio: CUSTOMERIO_LABEL,
  segment: SEGMENT_LABEL,
  mixpanel: MIXPANEL_LABEL,
};

function yespoConfig(config: Env): YespoConfig | null {
  if (!config.YESPO_API_KEY || !config.YESPO_TIME_ZONE) return null;
  return {
    baseUrl: config.YESPO_BASE_URL,
    apiKey: config.YESPO_API_KEY,
    timeZone: config.YESPO_TIME_ZONE,
    triggerWindowHours: config.TRIGGER_WINDOW_HOURS,
    allowDelete: config.ALLOW_EVENT_DELETE,
  };
}

/**
 * The destination an import names, built from configuration only; null is the built-in store. With
 * `sql`, its requests keep to the account's request budget in that database, shared by every sender.
 */
export function destinationFor(name: string, sql?: Sql): Destination | null {
  const config = env();
  if (name === "builtin") return null;
  const budgetAt = (limit: number) => (sql ? (identity: string) => requestBudget(sql, identity, limit) : undefined);
  if (name === "webhook" && config.WEBHOOK_URL && config.WEBHOOK_SECRET) {
    return webhookDestination({ url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET, budgetOf: budgetAt(config.WEBHOOK_REQUESTS_PER_SECOND) });
  }
  const yespo = yespoConfig(config);
  if (name === "yespo" && yespo) return yespoDestination({ ...yespo, budgetOf: budgetAt(config.YESPO_REQUESTS_PER_SECOND) });
  if (name === "customerio" && config.CUSTOMERIO_SITE_ID && config.CUSTOMERIO_API_KEY) {
    return customerioDestination({
      baseUrl: config.CUSTOMERIO_BASE_URL,
      siteId: config.CUSTOMERIO_SITE_ID,
      apiKey: config.CUSTOMERIO_API_KEY,
      budgetOf: budgetAt(config.CUSTOMERIO_REQUESTS_PER_SECOND),
    });
  }
  if (name === "segment" && config.SEGMENT_WRITE_KEY) {
    return segmentDestination({ baseUrl: config.SEGMENT_BASE_URL, writeKey: config.SEGMENT_WRITE_KEY, budgetOf: budgetAt(config.SEGMENT_REQUESTS_PER_SECOND) });
  }
  if (name === "mixpanel" && config.MIXPANEL_PROJECT_TOKEN) {
    return mixpanelDestination({ baseUrl: config.MIXPANEL_BASE_URL, projectToken: config.MIXPANEL_PROJECT_TOKEN, budgetOf: budgetAt(config.MIXPANEL_REQUESTS_PER_SECOND) });
  }
  throw new Error(`The destination "${name}" of this import is not configured.`);
}

/** The configured destination's identity in the ledger of delivered events (decision 004). */
export function configuredIdentity(): string {
  return destinationFor(env().DESTINATION)?.identity ?? BUILTIN_IDENTITY;
}

/** A secret as an admin page may show it: enough of its end to tell two keys apart. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : "••••";
}


/** The configured destination, for an admin page: where events go and which keys, masked. */
export function describeDestination(): DestinationDescription & { name: Env["DESTINATION"] } {
  const config = env();
  const name = config.DESTINATION;
  const masked = (entries: [string, string | undefined][]) =>
    Object.fromEntries(entries.filter((entry): entry is [string, string] => Boolean(entry[1])).map(([key, value]) => [key, maskSecret(value)]));
  const described = {
    builtin: { url: null, maskedSecrets: {} },
    webhook: { url: config.WEBHOOK_URL ?? null, maskedSecrets: masked([["WEBHOOK_SECRET", config.WEBHOOK_SECRET]]) },
    yespo: { url: config.YESPO_BASE_URL, maskedSecrets: masked([["YESPO_API_KEY", config.YESPO_API_KEY]]) },
    customerio: {
      url: config.CUSTOMERIO_BASE_URL,
      maskedSecrets: masked([["CUSTOMERIO_SITE_ID", config.CUSTOMERIO_SITE_ID], ["CUSTOMERIO_API_KEY", config.CUSTOMERIO_API_KEY]]),
    },
    segment: { url: config.SEGMENT_BASE_URL, maskedSecrets: masked([["SEGMENT_WRITE_KEY", config.SEGMENT_WRITE_KEY]]) },
    mixpanel: { url: config.MIXPANEL_BASE_URL, maskedSecrets: masked([["MIXPANEL_PROJECT_TOKEN", config.MIXPANEL_PROJECT_TOKEN]]) },
  }[name];
  return { name, label: DESTINATION_LABELS[name], ...described, url: described.url && maskUrl(described.url) };
}

/** A harmless authenticated request to the configured destination, where the platform has one. */
export async function testDestinationConnection(): Promise<ConnectionCheck> {
  const destination = destinationFor(env().DESTINATION);
  if (!destination) return { ok: true, message: `${BUILTIN_LABEL}: events stay in Backfill's own database.` };
  if (!destination.testConnection) {
    return { ok: false, message: `${destination.label} has no test request: send a small import to check it.` };
  }
  return destination.testConnection();
}

/** Deletes the configured Yespo account's past events in a range; throws unless Yespo is the destination and ALLOW_EVENT_DELETE is set. */
export async function deleteYespoPastEvents(range: DeleteRange): Promise<ConnectionCheck> {
  const config = env();
  const yespo = config.DESTINATION === "yespo" ? yespoConfig(config) : null;
  if (!yespo) throw new Error("Deleting past events needs DESTINATION=yespo, YESPO_API_KEY and YESPO_TIME_ZONE.");
  return deletePastEvents(yespo, range);
}

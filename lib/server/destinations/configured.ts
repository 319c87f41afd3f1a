import "server-only";
import { DESTINATION_NAMES, type DestinationChoice, type DestinationDescription, type DestinationName } from "@/lib/contract/destination";
import { configuredKinds, DESTINATION_NEEDS, env, missingFor } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import { BUILTIN_LABEL } from "./builtin";
import { BUILTIN_IDENTITY } from "./identity";
import { yespoConfig } from "./kinds/yespo";
import { maskUrl } from "./mask-url";
import { DESTINATION_KINDS } from "./registry";
import { requestBudget } from "./request-budget";
import type { ConnectionCheck, Destination } from "./types";
import { deletePastEvents, type DeleteRange } from "./yespo";

/** The label of every kind, configured or not: an import's page names the destination it went to. */
export const DESTINATION_LABELS: Record<string, string> = Object.fromEntries(
  DESTINATION_NAMES.map((name) => [name, DESTINATION_KINDS[name].label]),
);

/** Whether a name is one of the destinations this configuration sets up. */
export function isConfiguredDestination(name: string): name is DestinationName {
  return (configuredKinds(env()) as string[]).includes(name);
}

/** The destinations imports may go to, in the registry's order (the built-in store first), the default marked. */
export function configuredDestinations(): DestinationChoice[] {
  const config = env();
  return configuredKinds(config).map((name) => ({ name, label: DESTINATION_KINDS[name].label, isDefault: name === config.DESTINATION }));
}

/** Kinds with some of their variables set but not all: not configured, and /admin says what they lack. */
export function partlyConfigured(): { name: DestinationName; label: string; missing: string[] }[] {
  const config = env();
  return DESTINATION_NAMES.flatMap((name) => {
    const missing = missingFor(config, name);
    const partly = missing.length > 0 && missing.length < DESTINATION_NEEDS[name].length;
    return partly ? [{ name, label: DESTINATION_KINDS[name].label, missing }] : [];
  });
}

/**
 * The destination an import names, built from configuration only; null is the built-in store. A name
 * this configuration does not set up is refused. With `sql`, its requests keep to the account's request
 * budget in that database, shared by every sender.
 */
export function destinationFor(name: string, sql?: Sql): Destination | null {
  if (!isConfiguredDestination(name)) throw new Error(`The destination "${name}" of this import is not configured.`);
  const budgetAt = (limit: number) => (sql ? (identity: string) => requestBudget(sql, identity, limit) : undefined);
  return DESTINATION_KINDS[name].build(env(), budgetAt);
}

/** A configured destination's identity in the ledger of delivered events (decision 004). */
export function identityOf(name: string): string {
  return destinationFor(name)?.identity ?? BUILTIN_IDENTITY;
}

/** A secret as an admin page may show it: enough of its end to tell two keys apart. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : "••••";
}

/** A configured destination, for an admin page: where events go and which keys, masked. */
export function describeDestination(name: DestinationName): DestinationDescription & { name: DestinationName; isDefault: boolean } {
  const config = env();
  const described = DESTINATION_KINDS[name].describe(config);
  const maskedSecrets = Object.fromEntries(
    Object.entries(described.secrets).flatMap(([key, value]) => (value ? [[key, maskSecret(value)]] : [])),
  );
  return { name, label: DESTINATION_KINDS[name].label, url: described.url && maskUrl(described.url), maskedSecrets, isDefault: name === config.DESTINATION };
}

/** Every configured destination as /admin lists it, the built-in store first. */
export function describeDestinations() {
  return configuredKinds(env()).map(describeDestination);
}

/** A harmless authenticated request to a configured destination, where the platform has one. */
export async function testDestinationConnection(name: string): Promise<ConnectionCheck> {
  if (!isConfiguredDestination(name)) return { ok: false, message: `The destination "${name}" is not configured.` };
  const destination = destinationFor(name);
  if (!destination) return { ok: true, message: `${BUILTIN_LABEL}: events stay in Backfill's own database.` };
  if (!destination.testConnection) {
    return { ok: false, message: `${destination.label} has no test request: send a small import to check it.` };
  }
  return destination.testConnection();
}

/** Deletes the configured Yespo account's past events in a range; throws unless Yespo is configured (ALLOW_EVENT_DELETE is Yespo's own check). */
export async function deleteYespoPastEvents(range: DeleteRange): Promise<ConnectionCheck> {
  const yespo = yespoConfig(env());
  if (!yespo) throw new Error("Deleting past events needs Yespo configured: YESPO_API_KEY and YESPO_TIME_ZONE.");
  return deletePastEvents(yespo, range);
}

import "server-only";
import type { DestinationKind } from "../kind";
import { WEBHOOK_LABEL, webhookDestination } from "../webhook";

/** Signed JSON batches to a URL of the operator's: WEBHOOK_URL and WEBHOOK_SECRET. */
export const webhookKind: DestinationKind = {
  name: "webhook",
  label: WEBHOOK_LABEL,
  build: (config, budgetAt) =>
    webhookDestination({ url: config.WEBHOOK_URL!, secret: config.WEBHOOK_SECRET!, budgetOf: budgetAt(config.WEBHOOK_REQUESTS_PER_SECOND) }),
  describe: (config) => ({ url: config.WEBHOOK_URL ?? null, secrets: { WEBHOOK_SECRET: config.WEBHOOK_SECRET } }),
};

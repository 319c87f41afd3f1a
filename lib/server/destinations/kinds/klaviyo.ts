import "server-only";
import type { DestinationKind } from "../kind";
import { KLAVIYO_LABEL, klaviyoDestination } from "../klaviyo";

/** Klaviyo's Bulk Create Events jobs: KLAVIYO_API_KEY. */
export const klaviyoKind: DestinationKind = {
  name: "klaviyo",
  label: KLAVIYO_LABEL,
  build: (config, budgetAt) =>
    klaviyoDestination({
      baseUrl: config.KLAVIYO_BASE_URL,
      apiKey: config.KLAVIYO_API_KEY!,
      triggerWindowHours: config.TRIGGER_WINDOW_HOURS,
      budgetOf: budgetAt(config.KLAVIYO_REQUESTS_PER_SECOND),
    }),
  describe: (config) => ({ url: config.KLAVIYO_BASE_URL, secrets: { KLAVIYO_API_KEY: config.KLAVIYO_API_KEY } }),
};

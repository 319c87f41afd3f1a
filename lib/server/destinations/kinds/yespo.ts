import "server-only";
import type { Env } from "@/lib/env";
import type { DestinationKind } from "../kind";
import { YESPO_LABEL, yespoDestination, type YespoConfig } from "../yespo";

/** Yespo's settings from the configuration; null while YESPO_API_KEY or YESPO_TIME_ZONE is missing. */
export function yespoConfig(config: Env): YespoConfig | null {
  if (!config.YESPO_API_KEY || !config.YESPO_TIME_ZONE) return null;
  return {
    baseUrl: config.YESPO_BASE_URL,
    apiKey: config.YESPO_API_KEY,
    timeZone: config.YESPO_TIME_ZONE,
    triggerWindowHours: config.TRIGGER_WINDOW_HOURS,
    allowDelete: config.ALLOW_EVENT_DELETE,
  };
}

/** Yespo/eSputnik's past events: YESPO_API_KEY and YESPO_TIME_ZONE. */
export const yespoKind: DestinationKind = {
  name: "yespo",
  label: YESPO_LABEL,
  build: (config, budgetAt) => yespoDestination({ ...yespoConfig(config)!, budgetOf: budgetAt(config.YESPO_REQUESTS_PER_SECOND) }),
  describe: (config) => ({ url: config.YESPO_BASE_URL, secrets: { YESPO_API_KEY: config.YESPO_API_KEY } }),
};

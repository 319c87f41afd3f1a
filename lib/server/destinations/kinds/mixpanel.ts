import "server-only";
import type { DestinationKind } from "../kind";
import { MIXPANEL_LABEL, mixpanelDestination } from "../mixpanel";

/** Mixpanel's /import: MIXPANEL_PROJECT_TOKEN. */
export const mixpanelKind: DestinationKind = {
  name: "mixpanel",
  label: MIXPANEL_LABEL,
  build: (config, budgetAt) =>
    mixpanelDestination({ baseUrl: config.MIXPANEL_BASE_URL, projectToken: config.MIXPANEL_PROJECT_TOKEN!, budgetOf: budgetAt(config.MIXPANEL_REQUESTS_PER_SECOND) }),
  describe: (config) => ({ url: config.MIXPANEL_BASE_URL, secrets: { MIXPANEL_PROJECT_TOKEN: config.MIXPANEL_PROJECT_TOKEN } }),
};

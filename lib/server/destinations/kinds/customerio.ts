import "server-only";
import { CUSTOMERIO_LABEL, customerioDestination } from "../customerio";
import type { DestinationKind } from "../kind";

/** Customer.io's Track API: CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY. */
export const customerioKind: DestinationKind = {
  name: "customerio",
  label: CUSTOMERIO_LABEL,
  build: (config, budgetAt) =>
    customerioDestination({
      baseUrl: config.CUSTOMERIO_BASE_URL,
      siteId: config.CUSTOMERIO_SITE_ID!,
      apiKey: config.CUSTOMERIO_API_KEY!,
      budgetOf: budgetAt(config.CUSTOMERIO_REQUESTS_PER_SECOND),
    }),
  describe: (config) => ({
    url: config.CUSTOMERIO_BASE_URL,
    secrets: { CUSTOMERIO_SITE_ID: config.CUSTOMERIO_SITE_ID, CUSTOMERIO_API_KEY: config.CUSTOMERIO_API_KEY },
  }),
};

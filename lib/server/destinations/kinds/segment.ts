import "server-only";
import type { DestinationKind } from "../kind";
import { SEGMENT_LABEL, segmentDestination } from "../segment";

/** The Segment-compatible Tracking API (Segment, RudderStack, Jitsu): SEGMENT_WRITE_KEY. */
export const segmentKind: DestinationKind = {
  name: "segment",
  label: SEGMENT_LABEL,
  build: (config, budgetAt) =>
    segmentDestination({ baseUrl: config.SEGMENT_BASE_URL, writeKey: config.SEGMENT_WRITE_KEY!, budgetOf: budgetAt(config.SEGMENT_REQUESTS_PER_SECOND) }),
  describe: (config) => ({ url: config.SEGMENT_BASE_URL, secrets: { SEGMENT_WRITE_KEY: config.SEGMENT_WRITE_KEY } }),
};

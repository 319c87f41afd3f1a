import "server-only";
import { BUILTIN_LABEL } from "../builtin";
import type { DestinationKind } from "../kind";

/** Backfill's own events table: always configured, and the default without DESTINATION. */
export const builtinKind: DestinationKind = {
  name: "builtin",
  label: BUILTIN_LABEL,
  build: () => null,
  describe: () => ({ url: null, secrets: {} }),
};

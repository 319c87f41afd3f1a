import "server-only";
import type { DestinationName } from "@/lib/contract/destination";
import type { Env } from "@/lib/env";
import type { RequestBudget } from "./request-budget";
import type { Destination } from "./types";

/** The account's shared request budget at a rate a second, when delivery runs on a database; none otherwise. */
export type BudgetAt = (requestsPerSecond: number) => ((identity: string) => RequestBudget) | undefined;

/**
 * One kind of destination in the registry (registry.ts, decision 012). The variables it needs are
 * named in lib/env.ts (DESTINATION_NEEDS), which checks them; `build` and `describe` are only called
 * for a kind those variables configure.
 */
export type DestinationKind = {
  name: DestinationName;
  /** The name users read, in the wizard, the import's page, its report and /admin. */
  label: string;
  /** The destination this configuration makes, with its request budget; null for the built-in store. */
  build: (config: Env, budgetAt: BudgetAt) => Destination | null;
  /** Where it sends and the values that name the account, for /admin, which masks the secrets. */
  describe: (config: Env) => { url: string | null; secrets: Record<string, string | undefined> };
};

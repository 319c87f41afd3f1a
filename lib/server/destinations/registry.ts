import "server-only";
import type { DestinationName } from "@/lib/contract/destination";
import type { DestinationKind } from "./kind";
import { builtinKind } from "./kinds/builtin";
import { customerioKind } from "./kinds/customerio";
import { klaviyoKind } from "./kinds/klaviyo";
import { mixpanelKind } from "./kinds/mixpanel";
import { segmentKind } from "./kinds/segment";
import { webhookKind } from "./kinds/webhook";
import { yespoKind } from "./kinds/yespo";

/**
 * Every kind of destination, one line each (decision 012): a new kind is its module, its name in
 * DESTINATION_NAMES, its variables in lib/env.ts, and a line here.
 */
export const DESTINATION_KINDS: Record<DestinationName, DestinationKind> = {
  builtin: builtinKind,
  webhook: webhookKind,
  yespo: yespoKind,
  customerio: customerioKind,
  klaviyo: klaviyoKind,
  segment: segmentKind,
  mixpanel: mixpanelKind,
};

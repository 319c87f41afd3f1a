/**
 * Every kind of destination, each configured at most once and named by its kind (decision 012). The
 * built-in store is always there; the others are there when their variables are set.
 */
export const DESTINATION_NAMES = ["builtin", "webhook", "yespo", "customerio", "klaviyo", "segment", "mixpanel"] as const;
export type DestinationName = (typeof DESTINATION_NAMES)[number];

/** A configured destination as the wizard offers it: its name, the label users read, and whether it is the default. */
export type DestinationChoice = { name: DestinationName; label: string; isDefault: boolean };

/** A configured destination as the admin page shows it: its secrets masked. */
export type DestinationDescription = { name: string; label: string; url: string | null; maskedSecrets: Record<string, string> };

/** The configured destination as the admin page shows it: its secrets masked. */
export type DestinationDescription = { name: string; label: string; url: string | null; maskedSecrets: Record<string, string> };

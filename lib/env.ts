import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/contract/accounts";
import { DESTINATION_NAMES, type DestinationName } from "@/lib/contract/destination";
import { DEFAULT_TIME_ZONE } from "@/lib/events/rules";
import { isValidTimeZone } from "@/lib/events/time-zone";

/** Whether a host name is this machine's own: plain http is fine there, and only there. */
export function isLoopback(hostname: string): boolean {
  return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(hostname);
}

const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
const optionalUrl = z.url().optional();
/** Destinations get events and secrets: HTTPS, except on this machine's loopback. */
const destinationUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || isLoopback(url.hostname);
  }, "must use https:// (plain http:// only on 127.0.0.1 or localhost)");
const timeZone = z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin");

const envSchema = z.object({
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default("data"),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default("Backfill <backfill@localhost>"),
  /** Without it, the address `npm start` serves at (HOST and PORT): see defaultAppUrl. */
  APP_URL: z.url().optional(),
  DEFAULT_TIME_ZONE: timeZone.default(DEFAULT_TIME_ZONE),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(1024 ** 3),
  /** The destination the wizard and the command line choose unless told otherwise; it must be configured. */
  DESTINATION: z.enum(DESTINATION_NAMES).default("builtin"),
  WEBHOOK_URL: destinationUrl.optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  YESPO_BASE_URL: destinationUrl.default("https://yespo.io/api"),
  YESPO_API_KEY: z.string().min(1).optional(),
  /** Yespo reads `occurred` on the clocks of the user whose key sends it: no default could be right. */
  YESPO_TIME_ZONE: timeZone.optional(),
  ALLOW_EVENT_DELETE: flag.default(false),
  CUSTOMERIO_BASE_URL: destinationUrl.default("https://track.customer.io"),
  CUSTOMERIO_SITE_ID: z.string().min(1).optional(),
  CUSTOMERIO_API_KEY: z.string().min(1).optional(),
  KLAVIYO_BASE_URL: destinationUrl.default("https://a.klaviyo.com"),
  /** A private API key with the events:write scope (and accounts:read for /admin's connection test). */
  KLAVIYO_API_KEY: z.string().min(1).optional(),
  /** Segment's Tracking API, or RudderStack's or Jitsu's compatible endpoint at their own address. */
  SEGMENT_BASE_URL: destinationUrl.default("https://api.segment.io"),
  SEGMENT_WRITE_KEY: z.string().min(1).optional(),
  /** Mixpanel's ingestion API: https://api-eu.mixpanel.com for a project in the EU data residency. */
  MIXPANEL_BASE_URL: destinationUrl.default("https://api.mixpanel.com"),
  MIXPANEL_PROJECT_TOKEN: z.string().min(1).optional(),
  TRIGGER_WINDOW_HOURS: z.coerce.number().positive().default(72),
  /** Attempts at one request to a destination that answers 5xx or not at all, before the import fails. */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /**
   * Requests a second to each destination account, shared by every import and worker (the platforms'
   * documented limits: Yespo's past events and Customer.io's Track API, 100 a second).
   */
  YESPO_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(100),
  CUSTOMERIO_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(100),
  WEBHOOK_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  /** Klaviyo's Bulk Create Events: 150 a minute steady (10 a second in bursts, which this pace never reaches). */
  KLAVIYO_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(2.5),
  /** Segment asks for at most 50 requests a second to its Tracking API, batches included. */
  SEGMENT_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(50),
  /** Mixpanel's ingestion limit, ~30,000 events a second a project: 60 requests of 500 events. */
  MIXPANEL_REQUESTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(60),
  /** Requests one import keeps in flight to an outside destination, within the account's budget. */
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  JOBS_IN_PROCESS: flag.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** On PostgreSQL, an import of more rows is delivered in ranges of about this many, by several workers at once (decision 018). */
  IMPORT_RANGE_ROWS: z.coerce.number().int().min(500).max(100_000_000).default(50_000),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Other origins (host[:port]) that may call server actions, e.g. behind a proxy: comma-separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
  MAX_ROWS_PER_IMPORT: z.coerce.number().int().positive().default(10_000_000),
  IMPORTS_PER_HOUR: z.coerce.number().int().positive().default(30),
  /** An import whose rows stopped arriving this many hours after it was started is discarded, and its owner told. */
  STAGING_ABANDON_HOURS: z.coerce.number().positive().default(24),
  /** How many proxies in front of the app add themselves to X-Forwarded-For; 0: the socket's peer is the client. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Serve on a network address with APP_URL on plain http anyway (a warning at every start instead of a refusal). */
  ALLOW_INSECURE_HTTP: flag.default(false),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
});

export type Env = Omit<z.infer<typeof envSchema>, "APP_URL"> & { APP_URL: string };

/**
 * The address the app is served at when APP_URL is not set, so that the start message and report
 * links name the port it really listens on. A wildcard host (all interfaces) is reached on loopback.
 */
export function defaultAppUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" || host === "[::]" ? "127.0.0.1" : host;
  const bracketed = reachable.includes(":") && !reachable.startsWith("[") ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

/**
 * The variables that configure each kind of destination (decision 012): a kind is configured when all
 * of its are set. Its other variables (base URLs, request rates) have defaults.
 */
export const DESTINATION_NEEDS: Record<DestinationName, readonly (keyof Env)[]> = {
  builtin: [],
  webhook: ["WEBHOOK_URL", "WEBHOOK_SECRET"],
  yespo: ["YESPO_API_KEY", "YESPO_TIME_ZONE"],
  customerio: ["CUSTOMERIO_SITE_ID", "CUSTOMERIO_API_KEY"],
  klaviyo: ["KLAVIYO_API_KEY"],
  segment: ["SEGMENT_WRITE_KEY"],
  mixpanel: ["MIXPANEL_PROJECT_TOKEN"],
};

/** What a variable is, where its name alone does not say. */
const NEED_HINTS: Partial<Record<keyof Env, string>> = {
  SEGMENT_WRITE_KEY: "the write key of the Segment (or RudderStack, Jitsu) source",
  MIXPANEL_PROJECT_TOKEN: "the project's token from its settings",
  YESPO_TIME_ZONE: "the time zone of the Yespo user whose API key is used (Yespo reads event times on that user's clocks), such as Europe/Kyiv",
};

/** The variables a kind still lacks; none for a configured one. */
export function missingFor(config: Env, kind: DestinationName): (keyof Env)[] {
  return DESTINATION_NEEDS[kind].filter((name) => config[name] === undefined);
}

/** The kinds of destination this configuration sets up, in the order of DESTINATION_NAMES (the built-in store first). */
export function configuredKinds(config: Env): DestinationName[] {
  return DESTINATION_NAMES.filter((kind) => missingFor(config, kind).length === 0);
}

function checkDestination(config: Env): string[] {
  if (Boolean(config.ADMIN_EMAIL) !== Boolean(config.ADMIN_PASSWORD)) {
    return ["  ADMIN_EMAIL and ADMIN_PASSWORD go together: set both, or neither"];
  }
  const lacking = missingFor(config, config.DESTINATION);
  if (lacking.length === 0) return [];
  const named = lacking.map((name) => (NEED_HINTS[name] ? `${name} (${NEED_HINTS[name]})` : name)).join(" and ");
  return [`  DESTINATION: ${config.DESTINATION}, the default destination, is not configured: it needs ${named}`];
}

/**
 * Whether the app may be served as configured: on a network address (HOST not loopback), APP_URL
 * must be https and not loopback, or session cookies would go without `Secure` (or not come back
 * at all) and the links in report emails would point nowhere. ALLOW_INSECURE_HTTP=true turns the
 * refusal into a warning.
 */
export function servingProblem(config: Pick<Env, "HOST" | "APP_URL" | "ALLOW_INSECURE_HTTP">): { refuse: boolean; message: string } | null {
  const host = config.HOST.replace(/^\[|\]$/g, "");
  if (isLoopback(host) || isLoopback(`[${host}]`)) return null;
  const appUrl = new URL(config.APP_URL);
  const problem = isLoopback(appUrl.hostname)
    ? `APP_URL is ${config.APP_URL}, this machine's own address, but HOST ${config.HOST} serves other machines: their browsers would not find the links and cookies.`
    : appUrl.protocol !== "https:"
      ? `APP_URL is ${config.APP_URL}, plain http, but HOST ${config.HOST} serves other machines: passwords and session cookies would cross the network unencrypted.`
      : null;
  if (!problem) return null;
  return config.ALLOW_INSECURE_HTTP
    ? { refuse: false, message: `${problem} Served anyway because ALLOW_INSECURE_HTTP=true.` }
    : { refuse: true, message: `${problem} Set APP_URL to the https:// address users open (behind a TLS proxy), or HOST=127.0.0.1; ALLOW_INSECURE_HTTP=true serves it anyway.` };
}

let parsed: Env | null = null;

/**
 * The configuration, read from process.env once on first use; the only place that reads it. A bad
 * variable stops the app with a message that names it.
 */
export function env(): Env {
  if (parsed) return parsed;
  // An empty variable (`SMTP_URL=`) means "not set", as in most tools.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(set);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Backfill's configuration is not valid:\n${problems}\nSee .env.example for every variable.`);
  }
  const config = { ...result.data, APP_URL: result.data.APP_URL ?? defaultAppUrl(result.data.HOST, result.data.PORT) };
  const missing = checkDestination(config);
  if (missing.length > 0) throw new Error(`Backfill's configuration is not valid:\n${missing.join("\n")}`);
  parsed = config;
  return parsed;
}

/** For tests that change process.env: the next env() reads it again. */
export function forgetEnv(): void {
  parsed = null;
}

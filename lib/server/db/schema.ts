import {
  bigserial,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

/** One import: a file, its options, and, once it ends, its counts. */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileName: text("file_name").notNull(),
    status: text("status").notNull().default("staging"),
    timeZone: text("time_zone").notNull(),
    /** The order of dates written year last (MDY, DMY, YMD) every row is read in; null when the file proved none. */
    dateOrder: text("date_order"),
    /** The event name every row gets, when the file has no event column. */
    eventName: text("event_name"),
    /** The parameters whose values are JSON, stored and sent as JSON. */
    jsonParams: jsonb("json_params"),
    /** The order column and line-item columns whose rows become one event per order (lib/events/order-groups.ts). */
    groupBy: jsonb("group_by"),
    triggerCampaigns: boolean("trigger_campaigns").notNull().default(false),
    /** Yespo only: the distinct emails go to Yespo's contacts API, and their sessions finish, before any event. */
    contactsFirst: boolean("contacts_first").notNull().default(false),
    destination: text("destination").notNull(),
    /** The file's column names for email, event_name, time and the parameters, for the rejected-rows CSV. */
    columns: jsonb("columns").notNull(),
    total: integer("total").notNull().default(0),
    delivered: integer("delivered").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    batchesDone: integer("batches_done").notNull().default(0),
    /** The checkpoint: every row up to this row number has its outcome. */
    forwardedThrough: integer("forwarded_through").notNull().default(0),
    /** Errors the forwarding job met (a dead worker is not one); at the limit the import stops. */
    forwardErrors: integer("forward_errors").notNull().default(0),
    createdBy: text("created_by"),
    /** SHA-256 of the token that the import's creator holds; stageRows and commitImport require it. */
    tokenHash: text("token_hash"),
    notifyEmail: text("notify_email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    reportSentAt: timestamp("report_sent_at", { withTimezone: true }),
    /** How the report went: "smtp" when the SMTP server took it, "outbox" when it is kept in the outbox. */
    reportVia: text("report_via"),
    error: text("error"),
    /** What the destination last answered while a batch was being retried, for the import's page. */
    attemptNote: text("attempt_note"),
    /** How many times its undelivered rows were sent again. */
    sentAgain: integer("sent_again").notNull().default(0),
    /**
     * Until when its claims on events (its ledger entries whose rows are still pending) hold: renewed
     * while a worker sends it, so that the claims of an import whose worker died lapse, and another
     * import, or its own next try, takes them over (decision 011).
     */
    claimsExpireAt: timestamp("claims_expire_at", { withTimezone: true }),
    /**
     * What the wizard read of the file (lib/csv/fingerprint.ts) and how many rows it declared: a stopped
     * upload is found again when its creator chooses the same file, and continued from what arrived.
     */
    fileFingerprint: text("file_fingerprint"),
    fileRows: integer("file_rows"),
    /** The mapping step's choices by column position (RememberedChoices), for continuing with the same mapping. */
    mapChoices: jsonb("map_choices"),
    /**
     * Whether rows matching an event already delivered at the same moment with other parameters (a
     * row fixed in review, imported again) are sent anyway; by default they are skipped (decision 016).
     */
    sendChangedRepeats: boolean("send_changed_repeats").notNull().default(false),
  },
  (table) => [
    index("imports_created_at").on(table.createdAt),
    index("imports_created_by").on(table.createdBy, table.createdAt),
    index("imports_unfinished_upload").on(table.createdBy, table.fileFingerprint).where(sql`status = 'staging'`),
  ],
);

/** Every row of an import, from staging to its one final state: delivered, duplicate or rejected. */
export const stagedRows = pgTable(
  "staged_rows",
  {
    /**
     * No foreign key: its check was a third of staging's INSERT (decision 019). An import is deleted
     * only while it stages, by discardStagingImport, which removes its rows; its staged_batches row
     * keeps the key, so a batch cannot be staged into an import being deleted.
     */
    importId: uuid("import_id").notNull(),
    rowNumber: integer("row_number").notNull(),
    seq: integer("seq").notNull(),
    email: text("email").notNull(),
    eventName: text("event_name").notNull(),
    /** The time as written, for the rejected-rows CSV. */
    timeText: text("time_text").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    params: jsonb("params").notNull(),
    dedupKey: text("dedup_key"),
    /** The event's moment key: its address, name and instant without the parameters (decision 016). */
    momentKey: text("moment_key"),
    state: text("state").notNull(),
    reason: text("reason"),
    /**
     * A line-item row of an order made one event: the row that carries the event, whose state is this
     * row's too. Such a row's own state is "grouped" and never changes; it is sent nothing.
     */
    groupRow: integer("group_row"),
    /** The row that carries an order's event: how many line-item rows it stands for besides its own. */
    groupSize: integer("group_size"),
    /** The row that carries an order's event: its own parameters as the file has them, for the rejected-rows CSV. */
    sourceParams: jsonb("source_params"),
  },
  // Only the primary key: repeated rows are found by one aggregate over the import, which needs no
  // index, and every index is paid for on each of a million staged rows. No index on state either:
  // recording an outcome then changes no indexed column, so PostgreSQL can update
  // the row in place (a HOT update, in the room that fillfactor 70 leaves: see migration 0001), the
  // most frequent write here.
  (table) => [
    primaryKey({ columns: [table.importId, table.rowNumber] }),
  ],
);

/** Which stageRows calls arrived: a repeated call (a retry after a flaky network) changes nothing. */
export const stagedBatches = pgTable(
  "staged_batches",
  {
    importId: uuid("import_id").notNull().references(() => imports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    rowCount: integer("row_count").notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.seq] })],
);

/**
 * The contacts step of a Yespo import with "contacts first": its distinct emails in requests of at most
 * 3,000, each with the asynchronous session Yespo answered with, and, once that session finished, the
 * contacts it failed (email to Yespo's words). A finished batch is never sent again.
 */
export const importContactBatches = pgTable(
  "import_contact_batches",
  {
    importId: uuid("import_id").notNull().references(() => imports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    emails: text("emails").array().notNull(),
    sessionId: text("session_id"),
    failures: jsonb("failures"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.importId, table.seq] })],
);

/**
 * A large import's share of rows for one worker on PostgreSQL (decision 018): the rows after
 * `after_row` up to `last_row`, with their own checkpoint, so that several workers deliver one import
 * at once. Finished when its worker stopped taking batches (the rows are done, the import was
 * cancelled, or a range failed, with its `failure`); the last range to finish finishes the import.
 */
export const importRanges = pgTable(
  "import_ranges",
  {
    importId: uuid("import_id").notNull().references(() => imports.id, { onDelete: "cascade" }),
    rangeNo: integer("range_no").notNull(),
    afterRow: integer("after_row").notNull(),
    lastRow: integer("last_row").notNull(),
    forwardedThrough: integer("forwarded_through").notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    failure: text("failure"),
  },
  (table) => [primaryKey({ columns: [table.importId, table.rangeNo] })],
);

/** The built-in destination: every event stored once, by its dedup key. */
export const events = pgTable(
  "events",
  {
    /** The event's identity (decision 001), so that no event is stored twice. */
    dedupKey: text("dedup_key").primaryKey(),
    email: text("email").notNull(),
    eventName: text("event_name").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    params: jsonb("params").notNull(),
    importId: uuid("import_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The address, name and instant without the parameters (decision 016): the store is its own ledger (decision 019). */
    momentKey: text("moment_key"),
  },
  (table) => [
    index("events_name_time").on(table.eventName, table.occurredAt),
    index("events_email").on(sql`lower(${table.email})`),
    index("events_moment").on(table.momentKey).where(sql`${table.momentKey} IS NOT NULL`),
  ],
);

/**
 * The ledger: every event delivered to a destination, or claimed to be sent there, by the
 * destination's identity (kind and account, never a secret) and the event's dedup key. The built-in
 * store writes it with the events themselves; an outside destination's import claims each event here
 * in the transaction that takes its batch, before sending (decision 011): the entry names the import
 * and row, and is delivered once that row says so, held while the row is pending under the import's
 * lease, and removed when the destination refuses the event. The primary key is the index that
 * lookups by key use. See docs/decisions/004-delivered-ledger.md.
 */
export const deliveredEvents = pgTable(
  "delivered_events",
  {
    destination: text("destination").notNull(),
    dedupKey: text("dedup_key").notNull(),
    /** The import that delivered it, named in the reason a later duplicate gets; no foreign key, the ledger outlives it. */
    importId: uuid("import_id"),
    /** The row of that import the entry is for: its state says delivered or still in flight. Null for the built-in store's. */
    rowNumber: integer("row_number"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }).notNull().defaultNow(),
    /** The event's address, name and instant as one key, to find the same moment sent with other parameters (decision 016). */
    momentKey: text("moment_key"),
  },
  (table) => [
    primaryKey({ columns: [table.destination, table.dedupKey] }),
    index("delivered_events_moment").on(table.destination, table.momentKey).where(sql`${table.momentKey} IS NOT NULL`),
  ],
);

/**
 * Each destination account's request budget, shared by every import and worker that sends to it
 * (lib/server/destinations/request-budget.ts): the pace in requests a second, which a 429 halves and
 * success grows back to the configured limit, and the moment the next request may go (a virtual
 * schedule: each sender takes the next slot).
 */
export const requestBudgets = pgTable("request_budgets", {
  destination: text("destination").primaryKey(),
  rate: doublePrecision("rate").notNull(),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
  /** No request before this moment: the last 429's Retry-After, for every sender. */
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/** Mail that would have gone out, when no SMTP server is configured. */
export const outbox = pgTable("outbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  textBody: text("text_body").notNull(),
  htmlBody: text("html_body").notNull(),
  attachments: jsonb("attachments").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Who may sign in: admins manage users and the destination and see every import; members see their own. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased: one account per address, however it is typed. */
    email: text("email").notNull(),
    /** scrypt, with its parameters and salt (lib/server/auth/password.ts). */
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull().default("member"),
    /** Set for a password someone else chose (the printed first admin's, an admin's reset): the next sign-in must replace it. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("users_email").on(table.email)],
);

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("sessions_user").on(table.userId)],
);

/**
 * The workspace's choices for a file's columns, kept under the exact header they were made for and
 * shared by every user (the latest import with that header wins), with who made them.
 */
export const rememberedChoices = pgTable(
  "remembered_choices",
  {
    userId: uuid("user_id"),
    /** SHA-256 of the header's names in order, exactly as the file has them. */
    headerHash: text("header_hash").notNull(),
    fileName: text("file_name").notNull(),
    choices: jsonb("choices").notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The foreign key is named as migration 0005 created it.
  (table) => [
    primaryKey({ name: "remembered_choices_header_pk", columns: [table.headerHash] }),
    foreignKey({ name: "remembered_choices_user_fk", columns: [table.userId], foreignColumns: [users.id] }).onDelete("set null"),
  ],
);

/**
 * Sign-in attempts counted per key (a client, an address, the two together) in a window, so that
 * guessing passwords is slowed to a crawl (lib/server/auth/throttle.ts). An attempt is counted
 * before its password is checked.
 */
export const signInLimits = pgTable("sign_in_limits", {
  key: text("key").primaryKey(),
  attempts: integer("attempts").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  /** When the key's next attempt may be checked, once its free attempts are spent. */
  notBefore: timestamp("not_before", { withTimezone: true }),
});

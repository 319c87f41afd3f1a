import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { describeInvalid, type ActionResult } from "@/lib/contract/action-result";
import { FOREIGN_ORIGIN } from "@/lib/request-guard";
import { actionCaller, fromOwnOrigin } from "@/lib/server/auth/current";
import type { User } from "@/lib/server/auth/users";

/** Who may call: anyone on Backfill's own pages (to sign in), any signed-in user, or an admin. */
export type ActionRole = "none" | "user" | "admin";

/** The caller's right to one thing the input names, such as an import: `find` gives it, or null and `refusal`. */
export type ActionScope<I, T> = { find: (input: I, user: User) => Promise<T | null>; refusal: string };

type Options<S extends z.ZodType, R extends ActionRole, T> = {
  role: R;
  input?: S;
  scope?: ActionScope<z.output<S>, T>;
  /** Open to someone who must still replace a password another chose: the password change, and signing out. */
  beforeNewPassword?: boolean;
  /** The input is typed on a form: a problem is named by its field's label there. */
  labels?: Record<string, string>;
  /** One message for any invalid input, instead of its first problem. */
  invalid?: string;
  /** Errors of these classes carry a message for the person who asked: it is the answer. */
  expected?: (abstract new (...args: never[]) => Error)[];
  /** What an unexpected failure says became of the user's work. */
  failure?: string;
};

/**
 * What an action declares about its callers, kept on it for app/action-access.test.ts: the role,
 * the input's schema and the scope that decides what of someone else's it may reach.
 */
export type ActionAccess = { role: ActionRole; input?: z.ZodType; scope?: { refusal: string } };

type Context<R extends ActionRole, T> = { user: R extends "none" ? null : User; target: T };

type Refused = { ok: false; error: string };

const FAILURE = "The server could not do that just now. Nothing was changed: try again.";

/**
 * The one way to write a server action. In this order: the request comes from our own pages, the
 * caller is signed in and has the role, the input is valid, the caller has a right to what it names
 * (`scope`); then the work. What it throws is logged and answered with `failure`, never shown raw,
 * unless it is `expected`; a redirect or a not-found goes through.
 */
export function action<S extends z.ZodType = z.ZodUndefined, R extends ActionRole = ActionRole, T = undefined, Result extends ActionResult<object> = ActionResult>(
  options: Options<S, R, T>,
  work: (input: z.output<S>, context: Context<R, T>) => Promise<Result>,
): ((input?: unknown) => Promise<Result | Refused>) & { access: ActionAccess } {
  const { role, input: schema, scope, labels, invalid, expected = [], failure = FAILURE } = options;
  if (scope && role === "none") throw new Error("An action with a scope needs a signed-in caller.");
  const run = async (input?: unknown): Promise<Result | Refused> => {
    try {
      let user: User | null = null;
      if (role === "none") {
        if (!(await fromOwnOrigin())) return { ok: false, error: FOREIGN_ORIGIN };
      } else {
        const caller = await actionCaller(role, { beforeNewPassword: options.beforeNewPassword });
        if (!caller.ok) return caller;
        user = caller.user;
      }
      const parsed = schema ? schema.safeParse(input) : ({ success: true, data: undefined } as const);
      if (!parsed.success) return { ok: false, error: invalid ?? describeInvalid(parsed.error, labels) };
      const data = parsed.data as z.output<S>;
      const target = scope && user ? await scope.find(data, user) : undefined;
      if (scope && target == null) return { ok: false, error: scope.refusal };
      return await work(data, { user, target } as Context<R, T>);
    } catch (error) {
      unstable_rethrow(error);
      if (expected.some((kind) => error instanceof kind)) return { ok: false, error: (error as Error).message };
      console.error("[action]", error);
      return { ok: false, error: failure };
    }
  };
  return Object.assign(run, { access: { role, input: schema, scope } });
}

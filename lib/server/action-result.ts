import "server-only";
import type { z } from "zod";

/** What a server action returns: expected failures are values with a message a person can act on. */
export type ActionResult<T> = ({ ok: true } & T) | { ok: false; error: string };

/** The first problem of an input, for the form that sent it, under the label its field has there. */
export function describeInvalid(error: z.ZodError, labels: Record<string, string> = {}): string {
  const issue = error.issues[0];
  const field = issue.path.join(".");
  return field ? `${labels[field] ?? field}: ${issue.message}` : issue.message;
}

/**
 * Runs an action's work; anything unexpected is logged under `scope` and never shown raw, but as
 * `failure`, which says what became of the user's work.
 */
export async function guarded<T>(
  scope: string,
  work: () => Promise<ActionResult<T>>,
  failure = "The server could not do that just now. Nothing was changed: try again.",
): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (error) {
    console.error(`[${scope}]`, error);
    return { ok: false, error: failure };
  }
}

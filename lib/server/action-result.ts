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

/** Runs an action's work; anything unexpected is logged under `scope` and never shown raw. */
export async function guarded<T>(scope: string, work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (error) {
    console.error(`[${scope}]`, error);
    return { ok: false, error: "The server could not do that just now. Nothing was changed: try again." };
  }
}

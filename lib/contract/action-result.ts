import type { z } from "zod";

/** What a server action returns: expected failures are values with a message a person can act on. */
export type ActionResult<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: string };

/**
 * The first problem of an input. With `labels`, the input was typed on a form: the problem is named
 * by the label its field has there. Without, it is a request no one typed (the wizard's calls).
 */
export function describeInvalid(error: z.ZodError, labels?: Record<string, string>): string {
  const issue = error.issues[0];
  const field = issue.path.join(".");
  if (!labels) return `The request was not valid (${field || "input"}: ${issue.message}).`;
  return field ? `${labels[field] ?? field}: ${issue.message}` : issue.message;
}

import { z } from "@/lib/contract/zod";
import { DATE_ORDERS, type DateOrder } from "@/lib/events/date-order";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { paramColumns, type ColumnMapping } from "@/lib/events/headers";
import { checkEventName } from "@/lib/events/row";
import { EVENT_FIELDS, FIELD_LABELS } from "@/lib/events/rules";
import type { GroupByChoice } from "@/lib/events/order-columns";

/** The mapping step's form: what each column is used as, and the choices that go with it. */

export const ROLES = ["email", "event_name", "time", "param", "json", "skip"] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  email: "Email",
  event_name: "Event name",
  time: "Time",
  param: "Event parameter",
  json: "Event parameter (JSON)",
  skip: "Leave out",
};

export function mappingFormSchema(nameRule: ((name: string) => string | null) | null) {
  return z
    .object({
      roles: z.array(z.enum(ROLES)),
      timeZone: z.string().min(1, "Choose a time zone."),
      eventSource: z.enum(["column", "fixed"]),
      eventName: z.string(),
      dateOrder: z.enum(["auto", ...DATE_ORDERS]),
    })
    .superRefine(({ roles, eventSource, eventName }, ctx) => {
      for (const field of EVENT_FIELDS) {
        if (field === "event_name" && eventSource === "fixed") continue;
        const count = roles.filter((role) => role === field).length;
        if (count !== 1) {
          ctx.addIssue({
            code: "custom",
            path: ["roles"],
            message: count === 0 ? missingColumnMessage(field) : `Only one column can be the ${FIELD_LABELS[field]}; ${count} are.`,
          });
        }
      }
      if (eventSource === "fixed") {
        const problem = fixedNameProblem(eventName, nameRule);
        if (problem) ctx.addIssue({ code: "custom", path: ["eventName"], message: problem });
      }
    });
}
/** A file without an event column (a shop's orders) is common: the message names the choice that fits it. */
function missingColumnMessage(field: (typeof EVENT_FIELDS)[number]): string {
  const message = `Choose the column that holds the ${FIELD_LABELS[field]}`;
  return field === "event_name" ? `${message}, or, if no column does, choose “The same for every row” under Event name.` : `${message}.`;
}

export type MappingForm = z.infer<ReturnType<typeof mappingFormSchema>>;

/** The destination's rule for event names alone, for the one name every row gets. */
export function eventNameRule(destination: string): ((name: string) => string | null) | null {
  const rule = eventRuleFor(destination);
  if (!rule) return null;
  return (name) => {
    const issue = rule({ email: "someone@example.com", eventName: name });
    return issue?.field === "event_name" ? issue.message : null;
  };
}

/** The same rules as a name read from a column: its length and characters, and the destination's. */
export function fixedNameProblem(name: string, nameRule: ((name: string) => string | null) | null): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Type the event name every row gets.";
  return checkEventName(trimmed) ?? nameRule?.(trimmed) ?? null;
}

export function rolesOf(headers: readonly string[], mapping: ColumnMapping, jsonParams: readonly string[]): Role[] {
  const params = new Map(mapping.params.map((param) => [param.index, param.name]));
  return headers.map((_, index) => {
    for (const field of EVENT_FIELDS) if (mapping[field] === index) return field;
    const name = params.get(index);
    return name === undefined ? "skip" : jsonParams.includes(name) ? "json" : "param";
  });
}

/** The mapping the roles say; a field no column holds yet is -1. Null when two columns claim a field. */
export function mappingOf(headers: readonly string[], roles: readonly Role[], eventName: string | null): ColumnMapping | null {
  const fields = {
    email: roles.indexOf("email"),
    event_name: eventName === null ? roles.indexOf("event_name") : -1,
    time: roles.indexOf("time"),
  };
  if (EVENT_FIELDS.some((field) => fields[field] !== -1 && roles.lastIndexOf(field) !== fields[field])) return null;
  const params = paramColumns(headers, fields).filter((param) => roles[param.index] === "param" || roles[param.index] === "json");
  return eventName === null ? { ...fields, params } : { ...fields, params, eventName };
}

/** The parameters whose role is JSON. */
export function jsonParamsOf(mapping: ColumnMapping | null, roles: readonly Role[]): string[] {
  return mapping ? mapping.params.filter((param) => roles[param.index] === "json").map((param) => param.name) : [];
}

export type MapChoices = {
  mapping: ColumnMapping; timeZone: string; dateOrder: DateOrder | "auto"; jsonParams: string[];
  /** "One event per order": the order and line-item columns; null or absent, one event per row. */
  groupBy?: GroupByChoice | null;
};

/**
 * Rules a destination adds to our own event rules, pure so that the browser can show them before
 * anything is sent and the server can apply them again before sending.
 */

/** Yespo/eSputnik's limit on `eventTypeKey`, the event's name there. */
export const YESPO_MAX_EVENT_NAME_LENGTH = 100;

/** The characters Yespo refuses in `eventTypeKey`, each with the name a user knows it by. */
const YESPO_FORBIDDEN_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["<", "less-than sign (<)"],
  [">", "greater-than sign (>)"],
  [";", "semicolon (;)"],
  ["'", "apostrophe (')"],
  ['"', 'double quote (")'],
  ["`", "backtick (`)"],
  ["\\", "backslash (\\)"],
  ["/", "slash (/)"],
  ["|", "vertical bar (|)"],
  ["^", "caret (^)"],
  ["?", "question mark (?)"],
  ["!", "exclamation mark (!)"],
  [",", "comma (,)"],
]);

/** Why Yespo would refuse this event name, in words a user can act on; null when it takes it. */
export function yespoEventNameProblem(name: string): string | null {
  const length = [...name].length;
  if (length > YESPO_MAX_EVENT_NAME_LENGTH) {
    return `The event name is ${length} characters long; Yespo accepts ${YESPO_MAX_EVENT_NAME_LENGTH} at most.`;
  }
  for (const character of name) {
    const described = YESPO_FORBIDDEN_CHARACTERS.get(character);
    if (described) return `The event name \`${name}\` contains a ${described}, which Yespo does not accept in event names.`;
  }
  return null;
}

/** The event-name rule of a destination, by its configured name; null when it adds none. */
export function eventNameRuleFor(destination: string): ((name: string) => string | null) | null {
  return destination === "yespo" ? yespoEventNameProblem : null;
}

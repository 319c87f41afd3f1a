/**
 * A message from the checks writes the values it quotes between backticks, so that each way of
 * showing it can mark them its own way: code style on a page or in HTML mail, quotes in plain text.
 */
export function messageParts(message: string): { text: string; code: boolean }[] {
  return message.split("`").map((text, k) => ({ text, code: k % 2 === 1 })).filter((part) => part.text !== "" || part.code);
}

/** The message for places that show plain text only (titles, plain-text mail): values in double quotes. */
export function plainMessage(message: string): string {
  return messageParts(message).map((part) => (part.code ? `"${part.text}"` : part.text)).join("");
}

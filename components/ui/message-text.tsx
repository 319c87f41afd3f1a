/**
 * A message from the checks (lib/events) writes the values it quotes between backticks, so that each
 * way of showing it can mark them its own way: code style on the page, plain quotes in a tooltip.
 */
export function messageParts(message: string): { text: string; code: boolean }[] {
  return message.split("`").map((text, k) => ({ text, code: k % 2 === 1 })).filter((part) => part.text !== "" || part.code);
}

/** The message for places that show plain text only (title attributes): values in double quotes. */
export function plainMessage(message: string): string {
  return messageParts(message).map((part) => (part.code ? `"${part.text}"` : part.text)).join("");
}

export function MessageText({ message }: { message: string }) {
  return (
    <>
      {messageParts(message).map((part, k) =>
        part.code ? <code key={k} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] text-slate-900">{part.text}</code> : part.text,
      )}
    </>
  );
}

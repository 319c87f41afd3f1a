import { messageParts } from "@/lib/events/message";

export { plainMessage } from "@/lib/events/message";

/** A message from the checks with the values it quotes in code style, never with literal backticks. */
export function MessageText({ message }: { message: string }) {
  return (
    <>
      {messageParts(message).map((part, k) =>
        part.code ? <code key={k} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] text-slate-900">{part.text}</code> : part.text,
      )}
    </>
  );
}

/**
 * Plain text with the app's own addresses in it as links (a report's "See the import: …"). Only
 * addresses under `origin` become links: a value quoted from a file stays text, whatever it says.
 */
export function LinkedText({ text, origin }: { text: string; origin: string }) {
  const base = origin.replace(/\/+$/, "");
  const pattern = new RegExp(`(${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:/[^\\s"'<>]*[^\\s"'<>.,;:!?)])?)`, "g");
  const parts = text.split(pattern);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1
          ? <a key={index} href={part} className="text-indigo-700 underline hover:text-indigo-900">{part}</a>
          : part,
      )}
    </>
  );
}

import { countOf } from "@/lib/review/format";
import type { TypoCount } from "@/lib/review/summary";

type Props = { typos: TypoCount[]; checking: boolean; onFix: (from: string, to: string) => void };

/** Likely misspelt domains: a warning each, never a stop; one click fixes every row with that domain. */
export function TypoSuggestions({ typos, checking, onFix }: Props) {
  if (typos.length === 0) return null;
  return (
    <section aria-labelledby="typos-heading" className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm" data-testid="typos">
      <h3 id="typos-heading" className="font-medium text-amber-900">Likely typos in addresses</h3>
      <p className="text-amber-900">These rows will be sent as they are unless you fix them.</p>
      <ul className="space-y-2">
        {typos.map((typo) => (
          <li key={typo.domain} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>
              <code className="rounded bg-white px-1 font-mono">{typo.domain}</code> in {countOf(typo.count, "row")}: did you mean{" "}
              <code className="rounded bg-white px-1 font-mono">{typo.suggestion}</code>?
            </span>
            <button type="button" disabled={checking} onClick={() => onFix(typo.domain, typo.suggestion)}
              className="rounded-md border border-amber-300 bg-white px-3 py-1 hover:bg-amber-100 disabled:opacity-50">
              Change to {typo.suggestion} in {countOf(typo.count, "row")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

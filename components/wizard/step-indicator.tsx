export type StepName = "upload" | "map" | "review" | "options" | "sending";

const STEPS: { name: StepName; label: string }[] = [
  { name: "upload", label: "Upload" },
  { name: "map", label: "Match" },
  { name: "review", label: "Review" },
  { name: "options", label: "Options" },
  { name: "sending", label: "Send" },
];

type Props = { current: StepName; onGoBack: ((step: StepName) => void) | null };

/** Where one is in the wizard; the steps before it are buttons that go back (not once sending started). */
export function StepIndicator({ current, onGoBack }: Props) {
  const at = STEPS.findIndex((step) => step.name === current);
  return (
    <nav aria-label="Import steps" data-testid="steps">
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        {STEPS.map((step, index) => (
          <li key={step.name} className="flex items-center gap-2">
            {index > 0 && <span aria-hidden className="text-slate-400">·</span>}
            {index < at && onGoBack ? (
              <button type="button" onClick={() => onGoBack(step.name)} className="rounded px-1 text-indigo-700 underline-offset-2 hover:underline">
                {index + 1}. {step.label}
              </button>
            ) : (
              <span aria-current={index === at ? "step" : undefined}
                className={`px-1 ${index === at ? "rounded bg-indigo-50 font-semibold text-indigo-800" : "text-slate-500"}`}>
                {index + 1}. {step.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

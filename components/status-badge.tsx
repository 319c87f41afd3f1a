import { statusLabel, type ImportStatus } from "@/lib/contract/import-status";

const TONES: Record<ImportStatus, string> = {
  staging: "bg-slate-100 text-slate-700",
  queued: "bg-slate-100 text-slate-700",
  running: "bg-indigo-100 text-indigo-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  partial: "bg-amber-100 text-amber-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-slate-200 text-slate-700",
};

export function StatusBadge({ status }: { status: ImportStatus }) {
  return (
    <span data-testid="import-status" className={`whitespace-nowrap rounded-full px-2.5 py-0.5 text-sm font-medium ${TONES[status]}`}>
      {statusLabel(status)}
    </span>
  );
}

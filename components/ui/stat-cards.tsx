export type Stat = { key: string; label: string; value: number };

/** A row of counts; each value carries `data-testid="{prefix}-{key}"`. */
export function StatCards({ stats, testIdPrefix }: { stats: Stat[]; testIdPrefix: string }) {
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      {stats.map((stat) => (
        <div key={stat.key} className="rounded-lg border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">{stat.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`${testIdPrefix}-${stat.key}`}>
            {stat.value.toLocaleString("en")}
          </dd>
        </div>
      ))}
    </dl>
  );
}

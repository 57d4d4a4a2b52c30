import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatMetric, metricValue, type Share } from "../metric";
import type { Metric } from "../time-buckets";

export interface ShareRow extends Share {
  key: string;
  name: ReactNode;
}

/**
 * Slices of the library as horizontal bars (CSS widths, relative to the library's total), the chosen
 * metric printed beside each, and the other two under the name.
 */
export function ShareList({
  rows,
  total,
  metric,
  empty,
}: {
  rows: readonly ShareRow[];
  total: Share;
  metric: Metric;
  empty: string;
}) {
  const { t, i18n } = useTranslation();
  const all = metricValue(total, metric);
  if (rows.length === 0) return <p className="px-4 py-3 text-sm text-fg-muted">{empty}</p>;
  return (
    <ol className="flex flex-col gap-3 px-4 py-3">
      {rows.map((row) => {
        const value = metricValue(row, metric);
        const share = all > 0 ? Math.min(1, value / all) : 0;
        return (
          <li key={row.key} className="flex flex-col gap-1" data-testid="share-row">
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <span className="min-w-0 truncate text-fg">{row.name}</span>
              <span className="shrink-0 tabular-nums text-fg">
                {formatMetric(value, metric, i18n.language)}
                <span className="ml-1 text-xs text-fg-muted">
                  {new Intl.NumberFormat(i18n.language, {
                    style: "percent",
                    maximumFractionDigits: 0,
                  }).format(share)}
                </span>
              </span>
            </div>
            <div className="h-2 rounded-full bg-surface-muted">
              <div className="h-full rounded-full bg-brand-500" style={{ width: `${share * 100}%` }} />
            </div>
            <p className="text-xs text-fg-muted">
              {t("statistics.shareDetail", {
                count: row.count,
                duration: formatMetric(row.duration_seconds, "duration", i18n.language),
                size: formatMetric(row.size_bytes, "size", i18n.language),
              })}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

import { useTranslation } from "react-i18next";
import { formatMetric, metricValue, type Share } from "../metric";
import { bucketLabel, labelledIndexes, type Metric, type Period, relativeHeights } from "../time-buckets";

export interface Bucket extends Share {
  from: string;
  to: string;
}

/**
 * Recordings per day, week or month as SVG columns (stretched to the card's width, so any count fits a
 * phone), labels under some of them in HTML, and the figures as a table for screen readers.
 */
export function OverTimeChart({
  buckets,
  period,
  metric,
}: {
  buckets: readonly Bucket[];
  period: Period;
  metric: Metric;
}) {
  const { t, i18n } = useTranslation();
  const values = buckets.map((b) => metricValue(b, metric));
  const heights = relativeHeights(values);
  const labelled = labelledIndexes(buckets.length, 6);
  const describe = (b: Bucket, v: number) =>
    `${bucketLabel(b.from, period, i18n.language)}: ${formatMetric(v, metric, i18n.language)}`;
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${Math.max(1, buckets.length) * 10} 100`}
        preserveAspectRatio="none"
        className="h-40 w-full"
        aria-hidden="true"
        data-testid="over-time-chart"
      >
        <line
          x1="0"
          x2={buckets.length * 10}
          y1="100"
          y2="100"
          className="stroke-line"
          strokeWidth="1"
          vectorEffect="non-scaling-stroke"
        />
        {buckets.map((b, i) => {
          const h = Math.max(heights[i] ?? 0, values[i] ? 0.02 : 0) * 96;
          return (
            <rect
              key={b.from}
              x={i * 10 + 1.5}
              width={7}
              y={100 - h}
              height={h}
              rx={1}
              className="fill-brand-500"
              data-testid="over-time-bar"
            >
              <title>{describe(b, values[i] ?? 0)}</title>
            </rect>
          );
        })}
      </svg>
      <div className="flex h-4 text-[10px] text-fg-muted sm:text-xs" aria-hidden="true">
        {buckets.map((b, i) => (
          <span key={b.from} className="relative flex-1">
            {labelled.has(i) && (
              <span className="absolute right-0 whitespace-nowrap">
                {bucketLabel(b.from, period, i18n.language)}
              </span>
            )}
          </span>
        ))}
      </div>
      <figcaption className="sr-only">{t(`statistics.overTime.caption.${period}`)}</figcaption>
      <table className="sr-only">
        <tbody>
          {buckets.map((b, i) => (
            <tr key={b.from}>
              <th scope="row">{bucketLabel(b.from, period, i18n.language)}</th>
              <td>{formatMetric(values[i] ?? 0, metric, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

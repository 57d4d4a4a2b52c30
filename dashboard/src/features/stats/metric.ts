// One figure of a slice of the library, read and written as the chosen metric.

import { formatBytes, formatDuration } from "@/lib/format";
import type { Metric } from "./time-buckets";

export interface Share {
  count: number;
  size_bytes: number;
  duration_seconds: number;
}

export function metricValue(share: Share, metric: Metric): number {
  return metric === "count" ? share.count : metric === "size" ? share.size_bytes : share.duration_seconds;
}

/** The value as people read it: "3h 20m", "1.2 GB", or a count in the page's language. */
export function formatMetric(value: number, metric: Metric, locale: string): string {
  if (metric === "size") return formatBytes(value, locale);
  if (metric === "duration") return formatDuration(value, locale);
  return new Intl.NumberFormat(locale).format(value);
}

// The statistics page's choices (kept in the URL) and its time axis: the boundaries of the last days,
// weeks or months in the viewer's own time zone (the server sums recordings between them), their labels,
// and bar heights. Pure over the runtime's time zone, which is the browser's.

import { pickOne, withoutUndefined } from "@/lib/url-search";

export const PERIODS = ["day", "week", "month"] as const;
export type Period = (typeof PERIODS)[number];
export const METRICS = ["duration", "count", "size"] as const;
export type Metric = (typeof METRICS)[number];

/** How many of each the chart shows: a month of days, a quarter of weeks, a year of months. */
export const BUCKETS: Record<Period, number> = { day: 30, week: 13, month: 12 };

export interface StatsSearch {
  period?: Period;
  metric?: Metric;
}

/** Defaults (weeks, recorded time) stay out of the URL. */
export function parseStatsSearch(raw: Record<string, unknown>): StatsSearch {
  const period = pickOne(PERIODS, raw.period);
  const metric = pickOne(METRICS, raw.metric);
  return withoutUndefined({
    period: period === "week" ? undefined : period,
    metric: metric === "duration" ? undefined : metric,
  });
}

/** The start of the period that holds `date` (days at midnight, weeks on Monday, months on the 1st). */
export function periodStart(date: Date, period: Period): Date {
  const y = date.getFullYear();
  const m = date.getMonth();
  const d = date.getDate();
  if (period === "month") return new Date(y, m, 1);
  if (period === "day") return new Date(y, m, d);
  const sinceMonday = (date.getDay() + 6) % 7;
  return new Date(y, m, d - sinceMonday);
}

function shift(start: Date, period: Period, steps: number): Date {
  const y = start.getFullYear();
  const m = start.getMonth();
  const d = start.getDate();
  if (period === "month") return new Date(y, m + steps, 1);
  return new Date(y, m, d + steps * (period === "week" ? 7 : 1));
}

/**
 * The `count + 1` boundaries (ISO, ascending) of the last `count` periods, the current one last: local
 * midnights, so a day is 23 or 25 hours across a clock change, as the viewer lived it.
 */
export function bucketBoundaries(period: Period, now: Date, count = BUCKETS[period]): string[] {
  const current = periodStart(now, period);
  return Array.from({ length: count + 1 }, (_, i) => shift(current, period, i - count + 1).toISOString());
}

/** A bucket's label: "1 Mar" for a day or a week (its Monday), "Mar 2026" for a month. */
export function bucketLabel(fromIso: string, period: Period, locale: string): string {
  const date = new Date(fromIso);
  const options: Intl.DateTimeFormatOptions =
    period === "month" ? { month: "short", year: "numeric" } : { day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** Each value as a share of the largest (0..1); all zero when nothing was recorded. */
export function relativeHeights(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.max(0, v) / max : 0));
}

/** Which labels to print under `count` bars so they do not collide: about `room` of them, evenly spread, the last always. */
export function labelledIndexes(count: number, room: number): Set<number> {
  if (count <= 0) return new Set();
  const step = Math.max(1, Math.ceil(count / Math.max(1, room)));
  const shown = new Set<number>();
  for (let i = count - 1; i >= 0; i -= step) shown.add(i);
  return shown;
}

// EventSub quota as the owner reads it: how much of Twitch's subscription budget is used, and the recent
// snapshots as a bar strip.

export type QuotaLevel = "ok" | "warning" | "critical";

/** At or above these shares of the budget the card turns yellow, then red. */
export const QUOTA_WARNING_PERCENT = 75;
export const QUOTA_CRITICAL_PERCENT = 90;

/** Whole percent of the budget used (0–100); null when Twitch gave no budget. */
export function quotaPercent(used: number, max: number): number | null {
  if (!Number.isFinite(used) || !Number.isFinite(max) || max <= 0) return null;
  const percent = (Math.max(0, used) / max) * 100;
  // Never show 0 % for a non-zero cost, nor 100 % for a budget not quite spent.
  if (percent > 0 && percent < 1) return 1;
  if (percent > 99 && percent < 100) return 99;
  return Math.min(100, Math.round(percent));
}

export function quotaLevel(percent: number | null): QuotaLevel {
  if (percent === null) return "ok";
  if (percent >= QUOTA_CRITICAL_PERCENT) return "critical";
  if (percent >= QUOTA_WARNING_PERCENT) return "warning";
  return "ok";
}

export interface SnapshotLike {
  id: number;
  total: number;
  total_cost: number;
  max_total_cost: number;
  fetched_at: string;
}

export interface SnapshotBar {
  id: number;
  cost: number;
  total: number;
  fetched_at: string;
  /** Bar height, percent of the strip: scaled to the highest cost shown, so small costs stay visible. */
  height: number;
  level: QuotaLevel;
}

/** Smallest visible bar, so a zero-cost snapshot still reads as "a snapshot was taken". */
const MIN_BAR_HEIGHT = 4;

/** Snapshots (any order) → bars oldest to newest, at most `limit` (the newest ones). */
export function snapshotBars(snapshots: readonly SnapshotLike[], limit = 30): SnapshotBar[] {
  const ordered = [...snapshots]
    .sort((a, b) => Date.parse(a.fetched_at) - Date.parse(b.fetched_at) || a.id - b.id)
    .slice(-limit);
  const highest = Math.max(0, ...ordered.map((s) => s.total_cost));
  return ordered.map((s) => ({
    id: s.id,
    cost: s.total_cost,
    total: s.total,
    fetched_at: s.fetched_at,
    height:
      highest === 0 ? MIN_BAR_HEIGHT : Math.max(MIN_BAR_HEIGHT, Math.round((s.total_cost / highest) * 100)),
    level: quotaLevel(quotaPercent(s.total_cost, s.max_total_cost)),
  }));
}

/** What `snapshotOutdated` reads of a snapshot and of the subscriptions list (`eventsub.listSubscriptions`). */
export interface SnapshotTime {
  total: number;
  fetched_at: string;
}
export interface SubscriptionsList {
  total: number;
  data: readonly { id: string; status: string; updated_at: string }[];
}

/**
 * Whether the quota snapshot predates what the subscriptions list shows: none taken while some exist, a
 * different count, or a subscription created or changed after it (a recording's channel.update, a
 * verification). The card then takes a new one, so it never contradicts the list under it.
 */
export function snapshotOutdated(snapshot: SnapshotTime | null, list: SubscriptionsList): boolean {
  if (!snapshot) return list.total > 0;
  if (snapshot.total !== list.total) return true;
  const at = Date.parse(snapshot.fetched_at);
  return list.data.some((s) => Date.parse(s.updated_at) > at);
}

/** The list as a value that changes whenever a subscription comes, goes or changes status. */
export function listSignature(list: SubscriptionsList): string {
  return `${list.total}|${list.data
    .map((s) => `${s.id}:${s.status}`)
    .sort()
    .join(",")}`;
}

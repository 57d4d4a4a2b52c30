import { CHECK_NAMES, type CheckName, type Health, type HealthCheck } from "./api/get-health";

export type CheckState = "ok" | "warning" | "failing";

/** A check's state: failing when not ok, a warning for a low disk, ok otherwise. */
export function checkState(check: Pick<HealthCheck, "ok" | "level">): CheckState {
  if (!check.ok) return "failing";
  return check.level === "low" ? "warning" : "ok";
}

/** Only the disk warns (low) or cannot be measured (unknown); every check can fail. */
type HeadlineKey =
  | `health.checks.${CheckName}.failing`
  | "health.checks.disk.warning"
  | "health.checks.disk.unknown";

export interface HealthIssue {
  check: CheckName;
  state: Exclude<CheckState, "ok">;
  /** The translation key of the headline (the server's message is shown under it). */
  headlineKey: HeadlineKey;
  message: string | null;
}

/** What the owner's banner lists: failing checks, then warnings, each in the server's order of checks. */
export function healthIssues(health: Pick<Health, "checks">): HealthIssue[] {
  const issues: HealthIssue[] = [];
  for (const name of CHECK_NAMES) {
    const check = health.checks?.[name];
    if (!check) continue;
    const state = checkState(check);
    if (state === "ok") continue;
    const headlineKey: HeadlineKey =
      state === "warning"
        ? "health.checks.disk.warning"
        : check.level === "unknown"
          ? "health.checks.disk.unknown"
          : `health.checks.${name}.failing`;
    issues.push({ check: name, state, headlineKey, message: check.message ?? null });
  }
  return issues.sort((a, b) => Number(a.state === "warning") - Number(b.state === "warning"));
}

/** The banner's tone: danger when something fails (recording is affected), warning for warnings only. */
export function bannerTone(issues: readonly HealthIssue[]): "danger" | "warning" | null {
  if (issues.length === 0) return null;
  return issues.some((i) => i.state === "failing") ? "danger" : "warning";
}

/** The share of the disk in use, 0–100, for a bar; null when the figures are not known. */
export function usedPercent(
  free: number | null | undefined,
  total: number | null | undefined,
): number | null {
  if (free == null || total == null || total <= 0) return null;
  return Math.round(((total - free) / total) * 1000) / 10;
}

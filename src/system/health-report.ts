import type { DiskLevel, DiskSample } from "./disk-space-monitor.ts";

/**
 * The health report: what `GET /api/v1/health` (public view) and `system.health` (the owner's view) say.
 * Pure: the probes produce the checks, this decides the status and the reasons.
 */

export const HEALTH_STATUSES = ["ok", "degraded", "unhealthy"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface Check {
  ok: boolean;
  /** Why it failed, or a warning; names the setting, never a path (the public route shows it). */
  message?: string;
  /** The same with what the owner needs to fix it (paths, the system's error). */
  detail?: string;
}

export interface ToolCheck extends Check {
  /** The configured executable (a name looked up on PATH, or a path). */
  path: string;
  /** The first line of `-version`, when it answered. */
  version?: string;
}

export interface DataDirCheck extends Check {
  path: string;
}

export interface DiskCheck extends Check {
  level: DiskLevel;
  path: string;
  free_bytes: number | null;
  total_bytes: number | null;
  floor_bytes: number | null;
  warn_bytes: number | null;
  checked_at: string;
}

/** The checks of the host the process runs on (everything but the database). */
export interface HostChecks {
  ffmpeg: ToolCheck;
  ffprobe: ToolCheck;
  data_dir: DataDirCheck;
  disk: DiskCheck;
  /** Recordings paused by a fault of this host (a full disk): each says why. */
  recordings: Check;
}

/** The database, the host's checks, and whether people can sign in (`twitch`: the Twitch application). */
export type HealthChecksReport = Partial<HostChecks> & { database: Check; twitch?: Check };

/** The owner's view: every field. */
export interface HealthReport {
  status: HealthStatus;
  version: string;
  database: "ok" | "error";
  checks: HealthChecksReport;
  /** One line per failing check or warning, for people. */
  reasons: string[];
}

export interface PublicCheck {
  ok: boolean;
  message?: string;
  level?: DiskLevel;
}

/** What anyone may read: statuses and path-free messages. */
export interface PublicHealth {
  status: HealthStatus;
  version: string;
  database: "ok" | "error";
  checks: Partial<Record<keyof HealthChecksReport, PublicCheck>>;
  reasons: string[];
}

/** Order of the checks in `checks` and `reasons`. */
const CHECK_ORDER = ["database", "ffmpeg", "ffprobe", "data_dir", "disk", "recordings", "twitch"] as const;

/** Paused recordings make health degraded: they are not recording, and the reason is the user's to fix. */
export function recordingsCheck(pausedReasons: readonly string[]): Check {
  if (pausedReasons.length === 0) return { ok: true };
  const count = pausedReasons.length === 1 ? "1 recording is" : `${pausedReasons.length} recordings are`;
  return { ok: false, message: `${count} paused: ${[...new Set(pausedReasons)].join("; ")}` };
}

/**
 * Without a Twitch application nobody can sign in (and no live-detection mode can start): degraded, and
 * the settings to make. `missing` names the unset variables (none with the simulator, which takes any).
 */
export function twitchAppCheck(missing: readonly string[]): Check {
  if (missing.length === 0) return { ok: true };
  return {
    ok: false,
    message: `no Twitch application: set ${missing.join(" and ")} (README, Sign-in); until then nobody can sign in`,
  };
}

export function diskCheck(sample: DiskSample): DiskCheck {
  const failed = sample.level === "full" || sample.level === "unknown";
  return {
    ok: !failed,
    message: sample.message,
    ...(sample.level === "unknown" ? { detail: `${sample.message}: ${sample.error}` } : {}),
    level: sample.level,
    path: sample.path,
    free_bytes: sample.freeBytes,
    total_bytes: sample.totalBytes,
    floor_bytes: sample.floorBytes,
    warn_bytes: sample.warnBytes,
    checked_at: sample.checkedAt.toISOString(),
  };
}

/** A check that is a warning: passing, but worth a line in `reasons` (free space under the warning line). */
function isWarning(name: string, check: Check): boolean {
  return name === "disk" && check.ok && (check as DiskCheck).level === "low";
}

/**
 * unhealthy (503) only when the database does not answer; degraded (200) when any host check fails;
 * ok otherwise. A low disk is a reason, not a degradation.
 */
export function buildHealthReport(
  version: string,
  database: Check,
  host: HostChecks | null,
  twitch?: Check,
): HealthReport {
  const checks: HealthChecksReport = { database, ...host, ...(twitch ? { twitch } : {}) };
  const failing = CHECK_ORDER.filter((name) => checks[name] && !checks[name].ok);
  const status: HealthStatus = !database.ok ? "unhealthy" : failing.length > 0 ? "degraded" : "ok";
  return {
    status,
    version,
    database: database.ok ? "ok" : "error",
    checks,
    reasons: reasonsOf(checks, (c) => c.detail ?? c.message),
  };
}

/** The public view of a report: no paths, versions of tools, or system error text. */
export function publicHealth(report: HealthReport): PublicHealth {
  const checks: PublicHealth["checks"] = {};
  for (const name of CHECK_ORDER) {
    const check = report.checks[name];
    if (!check) continue;
    const level = name === "disk" ? (check as DiskCheck).level : undefined;
    checks[name] = {
      ok: check.ok,
      ...(check.message && (!check.ok || level !== "ok") ? { message: check.message } : {}),
      ...(level ? { level } : {}),
    };
  }
  return {
    status: report.status,
    version: report.version,
    database: report.database,
    checks,
    reasons: reasonsOf(report.checks, (c) => c.message),
  };
}

/** The problems worth a warning line at start (failing host checks and warnings), with the owner's detail. */
export function hostProblems(host: HostChecks): { check: keyof HostChecks; message: string }[] {
  const problems: { check: keyof HostChecks; message: string }[] = [];
  for (const name of ["ffmpeg", "ffprobe", "data_dir", "disk", "recordings"] as const) {
    const check = host[name];
    if (!check.ok || isWarning(name, check))
      problems.push({ check: name, message: check.detail ?? check.message ?? `${name} check failed` });
  }
  return problems;
}

function reasonsOf(checks: HealthChecksReport, text: (c: Check) => string | undefined): string[] {
  const reasons: string[] = [];
  for (const name of CHECK_ORDER) {
    const check = checks[name];
    if (!check || (check.ok && !isWarning(name, check))) continue;
    reasons.push(text(check) ?? `${name} check failed`);
  }
  return reasons;
}

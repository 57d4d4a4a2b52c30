import { queryOptions } from "@tanstack/react-query";

export const CHECK_NAMES = [
  "database",
  "ffmpeg",
  "ffprobe",
  "data_dir",
  "disk",
  "recordings",
  "twitch",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** One check of the public health answer; `level` only on `disk`. Messages are the server's (English). */
export interface HealthCheck {
  ok: boolean;
  message?: string;
  level?: "ok" | "low" | "full" | "unknown";
}

/**
 * Body of `GET /api/v1/health`: 200 for ok and degraded (running, but something it needs is missing), 503
 * for unhealthy (the database does not answer), with the same shape. `checks` and `reasons` are absent
 * from servers older than them.
 */
export interface Health {
  status: "ok" | "degraded" | "unhealthy";
  version: string;
  database: "ok" | "error";
  checks?: Partial<Record<CheckName, HealthCheck>>;
  reasons?: string[];
}

export const HEALTH_REFRESH_INTERVAL_MS = 10_000;

const HEALTH_URL = "/api/v1/health";

export function isHealth(body: unknown): body is Health {
  if (typeof body !== "object" || body === null) return false;
  const { status, version, database, checks, reasons } = body as Record<string, unknown>;
  return (
    (status === "ok" || status === "degraded" || status === "unhealthy") &&
    typeof version === "string" &&
    (database === "ok" || database === "error") &&
    (checks === undefined || (typeof checks === "object" && checks !== null)) &&
    (reasons === undefined || (Array.isArray(reasons) && reasons.every((r) => typeof r === "string")))
  );
}

/**
 * Resolves with the health report for 200 and 503 alike, so the UI can show which part is failing.
 * Rejects only when the server cannot be reached or answers something that is not a health report.
 */
export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const response = await fetch(HEALTH_URL, { signal, headers: { accept: "application/json" } });
  const body: unknown = await response.json().catch(() => undefined);
  if ((response.ok || response.status === 503) && isHealth(body)) return body;
  throw new Error(`Unexpected health response: HTTP ${response.status}`);
}

export const healthQueryOptions = queryOptions({
  queryKey: ["health"],
  queryFn: ({ signal }) => fetchHealth(signal),
  refetchInterval: HEALTH_REFRESH_INTERVAL_MS,
  // Polling already retries; retrying with backoff would only delay showing that the server is down.
  retry: false,
});

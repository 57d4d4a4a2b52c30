import { queryOptions } from "@tanstack/react-query";

/** Body of `GET /api/v1/health`. The server answers 200 when healthy and 503 when not, with the same shape. */
export interface Health {
  status: "ok" | "unhealthy";
  version: string;
  database: "ok" | "error";
}

export const HEALTH_REFRESH_INTERVAL_MS = 10_000;

const HEALTH_URL = "/api/v1/health";

function isHealth(body: unknown): body is Health {
  if (typeof body !== "object" || body === null) return false;
  const { status, version, database } = body as Record<string, unknown>;
  return (
    (status === "ok" || status === "unhealthy") &&
    typeof version === "string" &&
    (database === "ok" || database === "error")
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

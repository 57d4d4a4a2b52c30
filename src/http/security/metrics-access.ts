import type { Caller } from "../../domain/users.ts";

export interface Refusal {
  status: 401 | 403;
  message: string;
}

/**
 * Who may read GET /metrics, or why not: an API token (never a session cookie: scrapers send a bearer
 * token) of the `metrics` or `full` scope, made by the owner, who alone sees the whole system's state
 * (health, tasks, EventSub) in the dashboard too. Pure.
 */
export function metricsRefusal(caller: Pick<Caller, "via" | "scope" | "role"> | null): Refusal | null {
  if (caller?.via !== "token") {
    return {
      status: 401,
      message:
        "GET /metrics needs an API token: send Authorization: Bearer <token>, made with the metrics scope on the API tokens page",
    };
  }
  if (caller.scope !== "metrics" && caller.scope !== "full") {
    return {
      status: 403,
      message: "this API token can only read: GET /metrics needs one made with the metrics (or full) scope",
    };
  }
  if (caller.role !== "owner") {
    return { status: 403, message: "GET /metrics needs a token of the owner: ask the owner to make one" };
  }
  return null;
}

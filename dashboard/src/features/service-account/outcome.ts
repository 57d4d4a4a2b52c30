/**
 * What the service account's sign-in flow came back with: the server's callback returns to
 * `/system/service-account?service_account=set` or `?service_account_error=<code>`
 * (src/http/routes/auth.routes.ts). Pure.
 */

/** Codes the callback sends; others are shown as their code. */
export const KNOWN_FLOW_ERRORS = [
  "access_denied",
  "state_mismatch",
  "missing_code",
  "owner_only",
  "exchange_failed",
  "twitch_unavailable",
] as const;
export type KnownFlowError = (typeof KNOWN_FLOW_ERRORS)[number];

export interface FlowSearch {
  service_account?: "set";
  service_account_error?: string;
}

export type FlowOutcome =
  | { kind: "none" }
  | { kind: "set" }
  | { kind: "error"; error: KnownFlowError | "other"; code: string };

/** Only the two parameters, and only short plain codes, are kept from the address. */
export function parseFlowSearch(search: Record<string, unknown>): FlowSearch {
  const out: FlowSearch = {};
  if (search.service_account === "set") out.service_account = "set";
  const error = search.service_account_error;
  if (typeof error === "string" && /^[a-z0-9_.-]{1,64}$/i.test(error)) out.service_account_error = error;
  return out;
}

export function flowOutcome(search: FlowSearch): FlowOutcome {
  const code = search.service_account_error;
  if (code) {
    const known = (KNOWN_FLOW_ERRORS as readonly string[]).includes(code);
    return { kind: "error", error: known ? (code as KnownFlowError) : "other", code };
  }
  return search.service_account === "set" ? { kind: "set" } : { kind: "none" };
}

/** Whether the account's access token has expired (it is refreshed on its next use: not a problem alone). */
export function tokenExpired(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) <= now;
}

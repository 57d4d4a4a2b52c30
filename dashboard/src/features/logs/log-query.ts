// The logs page keeps its filters in the URL. This module reads them safely and turns them into the one
// query the page runs: the event log (filtered), its full-text search, or the Helix call log.

import { pickOne, withoutUndefined } from "@/lib/url-search";

export const LOG_SOURCES = ["events", "api"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];
// The server's EVENT_LOG_DOMAINS, in the order the filter lists them (server-labels.test.ts checks they agree).
export const LOG_DOMAINS = [
  "recording",
  "live",
  "schedule",
  "eventsub",
  "relay",
  "auth",
  "settings",
  "task",
  "system",
] as const;
export type LogDomain = (typeof LOG_DOMAINS)[number];
export const LOG_SEVERITIES = ["debug", "info", "warn", "error"] as const;
export type LogSeverity = (typeof LOG_SEVERITIES)[number];

/** Without a severity in the URL, the page shows info and worse: routine task runs are debug. */
export const DEFAULT_SEVERITY: LogSeverity = "info";

export const LOG_PAGE_SIZE = 50;
/** The server accepts offsets up to this. */
const MAX_OFFSET = 1_000_000;
const MAX_QUERY = 200;

export interface LogSearch {
  source?: "api";
  domain?: LogDomain;
  severity?: LogSeverity;
  q?: string;
  /** 1-based; absent for the first page. */
  page?: number;
}

/** URL search → filters; unknown values and defaults are left out, so the URL stays short and valid. */
export function parseLogSearch(raw: Record<string, unknown>): LogSearch {
  const q = typeof raw.q === "string" ? raw.q.trim().slice(0, MAX_QUERY) : "";
  const page =
    typeof raw.page === "number" ? raw.page : typeof raw.page === "string" ? Number(raw.page) : NaN;
  const search: LogSearch = {
    source: raw.source === "api" ? "api" : undefined,
    domain: pickOne(LOG_DOMAINS, raw.domain),
    severity: pickOne(LOG_SEVERITIES, raw.severity),
    q: q === "" ? undefined : q,
    page:
      Number.isInteger(page) && page > 1
        ? Math.min(page, Math.floor(MAX_OFFSET / LOG_PAGE_SIZE) + 1)
        : undefined,
  };
  return withoutUndefined(search);
}

export type LogQuery =
  | {
      kind: "events";
      input: { limit: number; offset: number; domain?: LogDomain; severity: LogSeverity };
    }
  | { kind: "search"; input: { query: string; limit: number; offset: number } }
  | { kind: "api"; input: { limit: number; offset: number } };

/**
 * Filters → the procedure and its input. Text search ranks across every domain and severity (the server's
 * search takes no filters), so those filters do not apply while searching; API calls have neither.
 */
export function logQuery(search: LogSearch): LogQuery {
  const offset = ((search.page ?? 1) - 1) * LOG_PAGE_SIZE;
  const page = { limit: LOG_PAGE_SIZE, offset };
  if (search.source === "api") return { kind: "api", input: page };
  if (search.q) return { kind: "search", input: { query: search.q, ...page } };
  return {
    kind: "events",
    input: {
      ...page,
      ...(search.domain ? { domain: search.domain } : {}),
      // A severity keeps that one and worse; routine entries (debug) are shown only when asked for.
      severity: search.severity ?? DEFAULT_SEVERITY,
    },
  };
}

/** "Page 2 of 5" and whether the pager's buttons work. */
export function pageInfo(total: number, page: number, size = LOG_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(Math.max(0, total) / size));
  const current = Math.min(Math.max(1, page), pages);
  return { page: current, pages, hasPrev: current > 1, hasNext: current < pages };
}

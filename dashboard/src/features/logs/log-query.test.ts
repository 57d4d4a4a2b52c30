import { describe, expect, test } from "bun:test";
import { type LogSearch, logQuery, pageInfo, parseLogSearch } from "./log-query";

describe("parseLogSearch", () => {
  test.each<[string, Record<string, unknown>, LogSearch]>([
    ["empty", {}, {}],
    ["defaults stay out", { source: "events", page: 1, q: "  " }, {}],
    [
      "every filter",
      { source: "api", domain: "task", severity: "error", q: " failed ", page: 3 },
      {
        source: "api",
        domain: "task",
        severity: "error",
        q: "failed",
        page: 3,
      },
    ],
    ["unknown values are dropped", { source: "x", domain: "nope", severity: "fatal", page: -2 }, {}],
    ["a page given as text", { page: "4" }, { page: 4 }],
    ["a fractional page is dropped", { page: 2.5 }, {}],
    ["a long query is cut to 200", { q: "a".repeat(300) }, { q: "a".repeat(200) }],
    ["a huge page is capped to what the server takes", { page: 10_000_000 }, { page: 20_001 }],
  ])("%s", (_name, raw, expected) => {
    expect(parseLogSearch(raw)).toEqual(expected);
  });
});

describe("logQuery", () => {
  test.each<[string, LogSearch, ReturnType<typeof logQuery>]>([
    ["first page: info and worse", {}, { kind: "events", input: { limit: 50, offset: 0, severity: "info" } }],
    [
      "debug asked for",
      { severity: "debug" },
      { kind: "events", input: { limit: 50, offset: 0, severity: "debug" } },
    ],
    [
      "filters and page",
      { domain: "eventsub", severity: "warn", page: 3 },
      { kind: "events", input: { limit: 50, offset: 100, domain: "eventsub", severity: "warn" } },
    ],
    [
      "text search ignores domain and severity",
      { q: "timed out", domain: "task", severity: "error", page: 2 },
      { kind: "search", input: { query: "timed out", limit: 50, offset: 50 } },
    ],
    [
      "API calls page",
      { source: "api", page: 2, q: "x", domain: "task" },
      { kind: "api", input: { limit: 50, offset: 50 } },
    ],
  ])("%s", (_name, search, expected) => {
    expect(logQuery(search)).toEqual(expected);
  });
});

describe("pageInfo", () => {
  test.each<[string, number, number, ReturnType<typeof pageInfo>]>([
    ["nothing yet", 0, 1, { page: 1, pages: 1, hasPrev: false, hasNext: false }],
    ["one full page", 50, 1, { page: 1, pages: 1, hasPrev: false, hasNext: false }],
    ["first of two", 51, 1, { page: 1, pages: 2, hasPrev: false, hasNext: true }],
    ["middle", 250, 3, { page: 3, pages: 5, hasPrev: true, hasNext: true }],
    ["past the end (rows deleted meanwhile)", 60, 9, { page: 2, pages: 2, hasPrev: true, hasNext: false }],
  ])("%s", (_name, total, page, expected) => {
    expect(pageInfo(total, page)).toEqual(expected);
  });
});

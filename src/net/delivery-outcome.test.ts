import { describe, expect, test } from "bun:test";
import type { AttemptResult } from "../domain/webhooks.ts";
import { attemptOutcome, DEFAULT_RETRY } from "./delivery-outcome.ts";
import { retryAfterMs, type SendResult } from "./post.ts";

const NOW = Date.parse("2026-11-28T10:00:00.000Z");
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe("attempt outcomes", () => {
  const cases: [string, SendResult, number, AttemptResult][] = [
    ["200 delivers", { status: 200 }, 1, { outcome: "delivered", status: 200 }],
    ["204 delivers", { status: 204 }, 3, { outcome: "delivered", status: 204 }],
    ["400 is final", { status: 400 }, 1, { outcome: "rejected", status: 400, error: "HTTP 400" }],
    ["404 is final", { status: 404 }, 1, { outcome: "rejected", status: 404, error: "HTTP 404" }],
    [
      "302 is never followed",
      { status: 302, location: "https://elsewhere.example/" },
      1,
      {
        outcome: "rejected",
        status: 302,
        error: "redirect to https://elsewhere.example/ not followed (HTTP 302)",
      },
    ],
    [
      "500 retries after 500 ms",
      { status: 500 },
      1,
      { outcome: "retry", status: 500, error: "HTTP 500", next_attempt_at: at(500) },
    ],
    [
      "503 on the second attempt waits 1 s",
      { status: 503 },
      2,
      { outcome: "retry", status: 503, error: "HTTP 503", next_attempt_at: at(1000) },
    ],
    [
      "429 retries",
      { status: 429 },
      1,
      { outcome: "retry", status: 429, error: "HTTP 429", next_attempt_at: at(500) },
    ],
    [
      "no answer retries",
      { status: null, error: "connection refused" },
      1,
      { outcome: "retry", status: null, error: "connection refused", next_attempt_at: at(500) },
    ],
    [
      "the third transient failure gives up",
      { status: 502 },
      3,
      { outcome: "failed", status: 502, error: "HTTP 502 (gave up after 3 attempts)" },
    ],
    [
      "408 is retried like a timeout",
      { status: 408 },
      1,
      { outcome: "retry", status: 408, error: "HTTP 408", next_attempt_at: at(500) },
    ],
    [
      "429 waits as long as Retry-After asks (seconds)",
      { status: 429, retryAfter: "7" },
      1,
      { outcome: "retry", status: 429, error: "HTTP 429", next_attempt_at: at(7000) },
    ],
    [
      "503 waits until Retry-After's date",
      { status: 503, retryAfter: new Date(NOW + 3000).toUTCString() },
      1,
      { outcome: "retry", status: 503, error: "HTTP 503", next_attempt_at: at(3000) },
    ],
    [
      "an unreadable Retry-After falls back on the backoff",
      { status: 429, retryAfter: "soon" },
      2,
      { outcome: "retry", status: 429, error: "HTTP 429", next_attempt_at: at(1000) },
    ],
    [
      "Retry-After is capped like the backoff",
      { status: 429, retryAfter: "86400" },
      1,
      { outcome: "retry", status: 429, error: "HTTP 429", next_attempt_at: at(300_000) },
    ],
    [
      "what the service said is kept with a final answer",
      { status: 400, detail: '{"description":"Bad Request: chat not found"}' },
      1,
      {
        outcome: "rejected",
        status: 400,
        error: 'HTTP 400: {"description":"Bad Request: chat not found"}',
      },
    ],
  ];
  for (const [name, result, attempt, expected] of cases) {
    test(name, () => expect(attemptOutcome(result, attempt, DEFAULT_RETRY, NOW)).toEqual(expected));
  }

  test("a single attempt (a test send) fails without counting", () => {
    const policy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
    expect(attemptOutcome({ status: 503 }, 1, policy, NOW)).toEqual({
      outcome: "failed",
      status: 503,
      error: "HTTP 503",
    });
  });

  test("the backoff is capped", () => {
    const policy = { maxAttempts: 30, baseDelayMs: 500, maxDelayMs: 300_000 };
    expect(attemptOutcome({ status: 500 }, 20, policy, NOW)).toMatchObject({ next_attempt_at: at(300_000) });
  });
});

test.each([
  ["seconds", "120", 120_000],
  ["zero", "0", 0],
  ["an HTTP date", "Sat, 28 Nov 2026 10:00:30 GMT", 30_000],
  ["a date in the past", "Sat, 28 Nov 2026 09:00:00 GMT", 0],
  ["nothing", null, null],
  ["a negative number", "-5", null],
  ["words", "in a bit", null],
])("Retry-After as %s", (_name, value, expected) => {
  expect(retryAfterMs(value, NOW)).toBe(expected);
});

import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { type AttemptResult, terminalDelivery, terminalMessageId } from "../domain/webhooks.ts";
import { signatureMatches } from "../twitch/eventsub-signature.ts";
import { attemptOutcome, DEFAULT_RETRY, type SendResult, signedHeaders } from "./messages.ts";

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
  ];
  for (const [name, result, attempt, expected] of cases) {
    test(name, () => expect(attemptOutcome(result, attempt, DEFAULT_RETRY, NOW)).toEqual(expected));
  }

  test("the backoff is capped", () => {
    const policy = { maxAttempts: 30, baseDelayMs: 500, maxDelayMs: 300_000 };
    expect(attemptOutcome({ status: 500 }, 20, policy, NOW)).toMatchObject({ next_attempt_at: at(300_000) });
  });
});

describe("terminal deliveries", () => {
  const on: Parameters<typeof terminalDelivery>[0] = {
    recording_webhook_enabled: true,
    recording_webhook_url: "https://hooks.example.com/x",
    recording_webhook_secret: "s3cret",
    recording_webhook_events: [],
  };
  const cases: [string, typeof on, boolean][] = [
    ["enabled, every event", on, true],
    ["disabled", { ...on, recording_webhook_enabled: false }, false],
    ["no URL", { ...on, recording_webhook_url: null }, false],
    ["no secret", { ...on, recording_webhook_secret: null }, false],
    ["event selected", { ...on, recording_webhook_events: ["recording.completed"] }, true],
    ["event not selected", { ...on, recording_webhook_events: ["recording.failed"] }, false],
  ];
  for (const [name, settings, queued] of cases) {
    test(`${name} → ${queued ? "queued" : "nothing"}`, () => {
      const delivery = terminalDelivery(settings, "recording.completed", 42);
      if (!queued) return expect(delivery).toBeNull();
      expect(delivery).toEqual({
        message_id: terminalMessageId("recording.completed", 42),
        dedupe_key: "recording.completed:42",
        event: "recording.completed",
        video_id: 42,
      });
    });
  }

  test("the message id is the first 16 bytes of a SHA-256 over event and video", () => {
    const expected = createHash("sha256")
      .update("recording-webhook/terminal/v1\nrecording.failed\n7")
      .digest("hex")
      .slice(0, 32);
    expect(terminalMessageId("recording.failed", 7)).toBe(expected);
    expect(terminalMessageId("recording.failed", 7)).not.toBe(terminalMessageId("recording.completed", 7));
  });
});

test("signed headers verify with the EventSub scheme over the exact body", () => {
  const body = JSON.stringify({ version: 1, event: "recording.test" });
  const h = signedHeaders("s3cret", "abc", "recording.test", body, new Date(NOW));
  expect(h["Replayd-Webhook-Timestamp"]).toBe("2026-11-28T10:00:00.000Z");
  expect(h["User-Agent"]).toBe("Replayd-Webhook/1");
  const sig = h["Replayd-Webhook-Signature"] ?? "";
  expect(signatureMatches("s3cret", "abc", "2026-11-28T10:00:00.000Z", body, sig)).toBe(true);
  expect(signatureMatches("s3cret", "abc", "2026-11-28T10:00:00.000Z", `${body} `, sig)).toBe(false);
});

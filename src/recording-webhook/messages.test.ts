import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { terminalDelivery, terminalMessageId } from "../domain/webhooks.ts";
import { signatureMatches } from "../twitch/eventsub-signature.ts";
import { signedHeaders } from "./messages.ts";

const NOW = Date.parse("2026-11-28T10:00:00.000Z");

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

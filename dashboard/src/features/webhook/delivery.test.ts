import { describe, expect, test } from "bun:test";
import type { BadgeTone } from "@/components/ui/badge";
import {
  buildWebhookInput,
  canRetry,
  type DeliveryOutcome,
  initialWebhookForm,
  maskSecret,
  outcomeTone,
  testResultMessage,
  toggleEvent,
  type WebhookEvent,
  type WebhookForm,
} from "./delivery";

describe("delivery outcomes", () => {
  test.each<[DeliveryOutcome, BadgeTone, boolean]>([
    ["pending", "neutral", false],
    ["delivering", "brand", false],
    ["delivered", "success", false],
    ["rejected", "warning", true],
    ["failed", "danger", true],
  ])("%s: tone %s, retry %p", (outcome, tone, retry) => {
    expect(outcomeTone(outcome)).toBe(tone);
    expect(canRetry(outcome)).toBe(retry);
  });
});

describe("testResultMessage", () => {
  test.each<[string, Parameters<typeof testResultMessage>[0], ReturnType<typeof testResultMessage>]>([
    ["accepted", { ok: true, status: 204 }, { key: "accepted", values: { status: 204 } }],
    [
      "answered but refused",
      { ok: false, status: 500, error: "HTTP 500" },
      { key: "notAccepted", values: { status: 500, reason: "HTTP 500" } },
    ],
    [
      "no answer",
      { ok: false, status: null, error: "connection refused" },
      { key: "failed", values: { reason: "connection refused" } },
    ],
  ])("%s", (_name, result, expected) => {
    expect(testResultMessage(result)).toEqual(expected);
  });
});

describe("buildWebhookInput", () => {
  const form = (patch: Partial<WebhookForm>): WebhookForm => ({
    enabled: false,
    url: "",
    events: ["recording.completed", "recording.failed"],
    ...patch,
  });
  test.each<[string, WebhookForm, unknown]>([
    [
      "off and empty clears the URL",
      form({}),
      { ok: true, input: { enabled: false, url: null, events: ["recording.completed", "recording.failed"] } },
    ],
    [
      "on with a URL, trimmed, events in a stable order",
      form({
        enabled: true,
        url: " https://hooks.example/r ",
        events: ["recording.failed", "recording.completed"],
      }),
      {
        ok: true,
        input: {
          enabled: true,
          url: "https://hooks.example/r",
          events: ["recording.completed", "recording.failed"],
        },
      },
    ],
    ["on needs a URL", form({ enabled: true }), { ok: false, errors: { url: "required" } }],
    [
      "a malformed URL is named even when off",
      form({ url: "hooks.example" }),
      { ok: false, errors: { url: "invalid" } },
    ],
    ["not a web URL", form({ url: "ftp://hooks.example/r" }), { ok: false, errors: { url: "invalid" } }],
    [
      "on needs at least one event",
      form({ enabled: true, url: "http://192.168.1.5:9000/hook", events: [] }),
      { ok: false, errors: { events: "noEvents" } },
    ],
    [
      "off may keep no event",
      form({ url: "http://localhost:9000/hook", events: [] }),
      { ok: true, input: { enabled: false, url: "http://localhost:9000/hook", events: [] } },
    ],
  ])("%s", (_name, f, expected) => {
    expect(buildWebhookInput(f)).toEqual(expected as never);
  });
});

test.each<[string, string]>([
  ["abc", "••••"],
  ["0123456789abcdef", "••••••••cdef"],
])("maskSecret(%p)", (secret, masked) => {
  expect(maskSecret(secret)).toBe(masked);
});

describe("initialWebhookForm", () => {
  test.each<[string, readonly WebhookEvent[], WebhookEvent[]]>([
    ["no events saved means every event", [], ["recording.completed", "recording.failed"]],
    ["one event saved", ["recording.failed"], ["recording.failed"]],
  ])("%s", (_name, events, expected) => {
    expect(initialWebhookForm({ enabled: true, url: null, events }).events).toEqual(expected);
  });

  test("no URL saved reads as an empty field", () => {
    expect(initialWebhookForm({ enabled: false, url: null, events: [] })).toMatchObject({
      enabled: false,
      url: "",
    });
  });
});

describe("toggleEvent", () => {
  test.each<[string, WebhookEvent[], WebhookEvent, boolean, WebhookEvent[]]>([
    [
      "ticks one",
      ["recording.completed"],
      "recording.failed",
      true,
      ["recording.completed", "recording.failed"],
    ],
    [
      "unticks one",
      ["recording.completed", "recording.failed"],
      "recording.completed",
      false,
      ["recording.failed"],
    ],
    [
      "ticking a ticked one keeps it once",
      ["recording.failed"],
      "recording.failed",
      true,
      ["recording.failed"],
    ],
    ["unticking the last leaves none", ["recording.failed"], "recording.failed", false, []],
  ])("%s", (_name, events, event, on, expected) => {
    expect(toggleEvent(events, event, on)).toEqual(expected);
  });
});

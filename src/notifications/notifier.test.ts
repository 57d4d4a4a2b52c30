import { describe, expect, test } from "bun:test";
import type { NotificationTarget } from "../domain/notifications.ts";
import { notificationOf, recipients } from "./notifier.ts";

describe("which entries notify", () => {
  test.each([
    ["live", "online", "went_live"],
    ["recording", "started", "recording_started"],
    ["recording", "finished", "recording_finished"],
    ["recording", "failed", "recording_failed"],
    ["system", "disk_low", "disk_low"],
    ["eventsub", "subscription_revoked", "eventsub_broken"],
    ["eventsub", "subscription_failed", "eventsub_broken"],
    ["live", "offline", null],
    ["task", "finished", null],
    ["recording", "online", null],
  ])("%s.%s → %p", (domain, event_type, expected) => {
    expect(notificationOf({ domain, event_type })).toBe(expected as ReturnType<typeof notificationOf>);
  });
});

describe("who is told", () => {
  const target = (id: number, extra: Partial<NotificationTarget> = {}): NotificationTarget => ({
    id,
    name: `t${id}`,
    kind: "ntfy",
    enabled: true,
    events: ["went_live", "disk_low"],
    broadcaster_ids: [],
    templates: {},
    created_at: "",
    updated_at: "",
    ...extra,
  });
  const targets = [
    target(1),
    target(2, { enabled: false }),
    target(3, { events: ["recording_failed"] }),
    target(4, { broadcaster_ids: ["41"] }),
    target(5, { broadcaster_ids: ["99"] }),
    target(6, { events: [] }),
  ];
  test.each([
    ["a go-live of channel 41", "went_live", "41", [1, 4]],
    ["a go-live of channel 7", "went_live", "7", [1]],
    ["low disk space, about no channel: every subscribed target", "disk_low", null, [1, 4, 5]],
    ["a failed recording", "recording_failed", "41", [3]],
    ["an event nobody follows", "recording_started", "41", []],
  ] as const)("%s → %p", (_name, event, broadcaster, expected) => {
    expect(recipients(targets, event, broadcaster).map((t) => t.id)).toEqual([...expected]);
  });
});

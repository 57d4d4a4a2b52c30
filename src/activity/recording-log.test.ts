import { expect, test } from "bun:test";
import { Bus } from "../bus/bus.ts";
import type { NewEventLog } from "../domain/ops.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import { logRecordings } from "./recording-log.ts";

// What a recording's life looks like in the event log: one entry per thing a user would want to know,
// an ad break or a lost stretch said once when it ends (not once per segment).

const JOB = { job_id: "j1", video_id: 7, broadcaster_id: "42" };
const STARTED: RecorderEvents["recording.started"] = {
  ...JOB,
  login: "kitchen_lab",
  display_name: "Kitchen_Lab",
  title: "Cooking",
  quality: "1080p",
  schedule_id: 3,
  resumed: false,
};
const segment = (recorded: boolean, skipped?: "ad" | "disk_full") => ({
  ...JOB,
  broadcastAtMs: 0,
  seconds: 2,
  atSeconds: 0,
  recorded,
  ...(skipped ? { skipped } : {}),
});
const progress = (stage: "recording" | "paused", reason: string | null = null) => ({
  ...JOB,
  stage,
  reason,
  bytes: 0,
  segments: 0,
  gaps: 0,
  adSegments: 0,
  mediaSeconds: 0,
  bytesPerSecond: 0,
  variant: null,
});

function world() {
  const bus = new Bus<RecorderEvents>();
  const entries: NewEventLog[] = [];
  const stop = logRecordings(bus, { write: async (e) => void entries.push(e) });
  return { bus, entries, stop, said: () => entries.map((e) => [e.event_type, e.severity, e.message]) };
}

test("a recording's life, start to finish, in the event log", () => {
  const w = world();
  w.bus.emit("recording.started", STARTED);
  w.bus.emit("recording.part", {
    ...JOB,
    kind: "opened",
    index: 1,
    variant: "1080p60",
    cause: { cause: "started" },
    duration_seconds: 0,
    size_bytes: 0,
  });
  w.bus.emit("recording.placed", segment(true));
  for (let i = 0; i < 15; i++) w.bus.emit("recording.placed", segment(false, "ad"));
  w.bus.emit("recording.placed", segment(true));
  w.bus.emit("recording.placed", segment(false, "disk_full"));
  w.bus.emit("recording.placed", segment(false, "disk_full"));
  w.bus.emit("recording.progress", progress("paused", "the disk is full"));
  w.bus.emit("recording.progress", progress("paused", "the disk is full"));
  w.bus.emit("recording.progress", progress("recording"));
  w.bus.emit("recording.placed", segment(true));
  w.bus.emit("recording.part", {
    ...JOB,
    kind: "closed",
    index: 1,
    variant: "1080p60",
    cause: { cause: "ended" },
    duration_seconds: 3600,
    size_bytes: 3 * 1024 * 1024 * 1024,
  });
  w.bus.emit("recording.finished", { ...JOB, outcome: "finished", error: null, partial: false });
  expect(w.said()).toEqual([
    ["started", "info", "Kitchen_Lab: recording started by schedule #3 (1080p)"],
    ["part_opened", "info", "Kitchen_Lab: part 1 opened (1080p60): the recording started"],
    ["ads_skipped", "info", "Kitchen_Lab: ad break skipped (30 s)"],
    ["paused", "warn", "Kitchen_Lab: recording paused: the disk is full"],
    ["unpaused", "info", "Kitchen_Lab: recording goes on: the pause is over"],
    // A lost stretch is said when recording picks up again after it.
    ["gap", "warn", "Kitchen_Lab: 4 s of the broadcast lost: the disk was full"],
    ["part_closed", "info", "Kitchen_Lab: part 1 closed (60 min, 3072.0 MiB): the broadcast ended"],
    ["finished", "info", "Kitchen_Lab: recording finished"],
  ]);
  // What each sentence names is in its data too, for the dashboard to say it in the reader's language.
  expect(w.entries.map((e) => e.data)).toMatchObject([
    { schedule_id: 3, quality: "1080p", resumed: false },
    { part: 1, rendition: "1080p60", cause: "started" },
    { seconds: 30 },
    { reason: "the disk is full" },
    {},
    { seconds: 4, reason: "disk_full" },
    { part: 1, seconds: 3600, bytes: 3 * 1024 * 1024 * 1024, cause: "ended" },
    { partial: false },
  ]);
  // Each entry names its channel and video, for the channel's page and the notifications' templates.
  for (const entry of w.entries)
    expect(entry).toMatchObject({
      domain: "recording",
      broadcaster_id: "42",
      data: {
        broadcaster_login: "kitchen_lab",
        broadcaster_name: "Kitchen_Lab",
        title: "Cooking",
        video_id: 7,
      },
    });
});

test.each([
  [{ ...STARTED, schedule_id: null }, "recording started by hand (1080p)"],
  [{ ...STARTED, resumed: true }, "recording resumed after a restart"],
])("how it started: %#", (started, words) => {
  const w = world();
  w.bus.emit("recording.started", started);
  expect(w.entries[0]?.message).toBe(`Kitchen_Lab: ${words}`);
});

test.each([
  ["failed", "the disk died", false, ["failed", "error", "Kitchen_Lab: recording failed: the disk died"]],
  [
    "cancelled",
    null,
    false,
    ["cancelled", "info", "Kitchen_Lab: recording cancelled; what it holds is kept"],
  ],
  [
    "finished",
    null,
    true,
    ["finished", "warn", "Kitchen_Lab: recording finished, partial: part of the broadcast was lost"],
  ],
] as const)("how it ended: %s", (outcome, error, partial, said) => {
  const w = world();
  w.bus.emit("recording.started", STARTED);
  w.bus.emit("recording.placed", segment(false, "ad"));
  w.bus.emit("recording.finished", { ...JOB, outcome, error, partial });
  // An ad break running into the end is said before the end.
  expect(w.said().slice(1)).toEqual([
    ["ads_skipped", "info", "Kitchen_Lab: ad break skipped (2 s)"],
    [...said],
  ]);
  expect(w.entries.at(-1)?.data).toMatchObject(error ? { reason: error } : {});
});

test("a part's cause travels with its values (a rendition change names both renditions)", () => {
  const w = world();
  w.bus.emit("recording.started", STARTED);
  const cause = { cause: "rendition_changed", from: "720p60", to: "1080p60" } as const;
  const part = { ...JOB, variant: "1080p60", cause, duration_seconds: 95, size_bytes: 1_500_000 };
  w.bus.emit("recording.part", {
    ...part,
    kind: "closed",
    index: 1,
  });
  w.bus.emit("recording.part", {
    ...part,
    kind: "opened",
    index: 2,
  });
  expect(w.entries.slice(1).map((e) => [e.message, e.data])).toMatchObject([
    [
      "Kitchen_Lab: part 1 closed (2 min, 1.4 MiB): the rendition changed to 1080p60",
      { cause: "rendition_changed", from: "720p60", to: "1080p60" },
    ],
    [
      "Kitchen_Lab: part 2 opened (1080p60): the rendition changed from 720p60 to 1080p60",
      { part: 2, rendition: "1080p60", cause: "rendition_changed", from: "720p60", to: "1080p60" },
    ],
  ]);
});

test("a recording this process did not see start is not guessed at; unsubscribing stops the log", () => {
  const w = world();
  w.bus.emit("recording.finished", { ...JOB, outcome: "finished", error: null, partial: false });
  expect(w.entries).toEqual([]);
  w.stop();
  w.bus.emit("recording.started", STARTED);
  expect(w.entries).toEqual([]);
});

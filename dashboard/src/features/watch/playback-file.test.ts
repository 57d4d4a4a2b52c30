import { describe, expect, test } from "bun:test";
import {
  type CacheableVideo,
  canOfferBuild,
  FIRST_PLAY_POLLS,
  type PlaybackArtifact,
  playbackFileState,
  pollForPlaybackFile,
} from "./playback-file";

const done = "2025-01-01T11:00:00.000Z";
const video = (artifact: PlaybackArtifact | null, over: Partial<CacheableVideo> = {}): CacheableVideo => ({
  status: "DONE",
  deleted_at: null,
  parts: [{ finalized_at: done }, { finalized_at: done }],
  playback_artifact: artifact,
  ...over,
});
const row = (status: PlaybackArtifact["status"], over: Partial<PlaybackArtifact> = {}): PlaybackArtifact => ({
  status,
  error: null,
  progress: null,
  ...over,
});

describe("playbackFileState", () => {
  test.each([
    ["no file asked for", video(null), { kind: "none" }],
    ["queued behind another build", video(row("building")), { kind: "waiting" }],
    ["building", video(row("building", { progress: 0.426 })), { kind: "building", percent: 42 }],
    [
      "building, reported past the end",
      video(row("building", { progress: 1.2 })),
      { kind: "building", percent: 100 },
    ],
    ["ready", video(row("ready")), { kind: "ready" }],
    [
      "cannot be made",
      video(row("unavailable", { error: "part 2 differs from part 1 in codec" })),
      { kind: "unavailable", reason: "part 2 differs from part 1 in codec" },
    ],
    ["failed this time", video(row("failed", { error: "timeout" })), { kind: "failed", reason: "timeout" }],
    [
      "a single part: nothing to say",
      video(row("unavailable"), { parts: [{ finalized_at: done }] }),
      { kind: "none" },
    ],
    ["still recording", video(row("building"), { status: "RUNNING" }), { kind: "none" }],
    ["removed", video(row("ready"), { deleted_at: done }), { kind: "none" }],
  ] as const)("%s", (_, v, state) => {
    expect(playbackFileState(v)).toEqual(state);
  });
});

describe("canOfferBuild", () => {
  test.each([
    ["nothing made yet", video(null), true],
    ["failed: try again", video(row("failed")), true],
    ["unavailable: try again (a part may be back)", video(row("unavailable")), true],
    ["being made", video(row("building")), false],
    ["made", video(row("ready")), false],
    ["one part", video(null, { parts: [{ finalized_at: done }] }), false],
    ["failed recording", video(null, { status: "FAILED" }), false],
  ] as const)("%s → %p", (_, v, offered) => {
    expect(canOfferBuild(v)).toBe(offered);
  });
});

describe("pollForPlaybackFile", () => {
  test.each([
    ["being made", video(row("building")), 50, 2000],
    ["none asked for yet, early in the visit: a first play may start one", video(null), 0, 2000],
    ["none asked for, later in the visit", video(null), FIRST_PLAY_POLLS, false],
    ["made", video(row("ready")), 0, false],
    ["cannot be made", video(row("unavailable")), 0, false],
    ["a single part", video(null, { parts: [{ finalized_at: done }] }), 0, false],
    ["still recording (the recording's own polling applies)", video(null, { status: "RUNNING" }), 0, false],
    ["not loaded", undefined, 0, false],
  ] as const)("%s → %p", (_, v, refreshes, interval) => {
    expect(pollForPlaybackFile(v, refreshes, 2000)).toBe(interval);
  });
});

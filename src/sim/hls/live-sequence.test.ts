import { describe, expect, test } from "bun:test";
import { buildMediaWindow, staleLag } from "./media-window.ts";
import { testAd, testSession } from "./test-session.ts";
import { liveSequenceAt } from "./timeline.ts";

const MIDROLL = [testAd(6, 2)];
const PREROLL = [testAd(0, 5)];
// A break asked for during another one: 6–7 and 7–9 cover 6–9, each slot once.
const OVERLAP = [testAd(6, 2), testAd(7, 3, { creative_id: "999" })];

describe("EXT-X-TWITCH-LIVE-SEQUENCE", () => {
  test.each([
    ["all", MIDROLL, 8, 8],
    ["all", PREROLL, 6, 6],
    ["content", [], 9, 9],
    ["content", MIDROLL, 5, 5],
    ["content", MIDROLL, 6, 6],
    ["content", MIDROLL, 7, 6],
    ["content", MIDROLL, 8, 6],
    ["content", MIDROLL, 9, 7],
    ["content", PREROLL, 0, 0],
    ["content", PREROLL, 3, 0],
    ["content", PREROLL, 5, 0],
    ["content", PREROLL, 6, 1],
    ["content", OVERLAP, 10, 6],
    ["content", OVERLAP, 8, 6],
    ["content", [testAd(20, 3)], 12, 12],
  ] as const)("mode %s, breaks %p: a window starting at %i says %i", (mode, ads, first, expected) => {
    expect(liveSequenceAt(testSession({ live_sequence: mode, ads: [...ads] }), first)).toBe(expected);
  });

  test("in content mode the window's LIVE-SEQUENCE stands still while MEDIA-SEQUENCE counts every segment", () => {
    const session = testSession({ live_sequence: "content", ads: MIDROLL });
    const at = (first: number) => {
      const playlist = buildMediaWindow({
        session,
        first,
        last: first + 3,
        prefetch: [],
        mediaSequenceBase: 2,
        nowMs: session.started_at + (first + 4) * 2000,
        playbackSession: { id: "1", startedAtMs: session.started_at },
        spuriousDiscontinuityRate: 0,
        salt: 1,
        endlist: false,
        fmp4: false,
        segmentUri: (n) => `s${n}.ts`,
        initUri: () => "init.mp4",
      });
      return [playlist.mediaSequence, playlist.liveSequence];
    };
    expect([5, 6, 7, 8, 9].map(at)).toEqual([
      [3, 5],
      [4, 6],
      [5, 6],
      [6, 6],
      [7, 7],
    ]);
  });
});

describe("stale reloads", () => {
  test.each([
    [20, 10, 1, 1],
    [20, 10, 3, 3],
    [20, 18, 3, 2],
    [20, 20, 2, 0],
    [5, 9, 1, 0],
  ])("newest %i, usher saw %i, drawn %i: the window is %i segments old", (newest, oldest, drawn, lag) => {
    expect(staleLag(newest, oldest, drawn)).toBe(lag);
  });
});
